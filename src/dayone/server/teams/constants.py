"""Constants of the organisation part: the starter set of leadership principles."""

from __future__ import annotations

STARTER_PRINCIPLES: tuple[tuple[str, str], ...] = (
    (
        "Customer Obsession",
        "Begin with the customer and work backwards. Competitors are worth watching, customers "
        "are worth serving: earn their trust one order at a time and keep it when nobody is "
        "looking.",
    ),
    (
        "Ownership",
        "Owners act for the long term and do not trade it for this quarter's number. They speak "
        "for the whole company, not only their team, and never say that something is not their "
        "job.",
    ),
    (
        "Invent and Simplify",
        "Expect and ask for new ideas from anywhere, and look for ways to make things simpler. "
        "Be willing to be misunderstood for a long time while a new idea proves itself.",
    ),
    (
        "Are Right, A Lot",
        "Good judgement and sound instincts come from looking for views that differ from your "
        "own and working to disprove what you already believe.",
    ),
    (
        "Learn and Be Curious",
        "Keep learning and keep getting better. Be curious about what is possible and go and "
        "find out.",
    ),
    (
        "Hire and Develop the Best",
        "Raise the bar with every hire and every promotion. Spot exceptional talent, move it "
        "where it helps most, and coach people seriously, including by example.",
    ),
    (
        "Insist on the Highest Standards",
        "Keep raising the bar, even when others think it is high already. Do not pass defects "
        "downstream: fix them where they start, and fix them so they stay fixed.",
    ),
    (
        "Think Big",
        "Small ambitions produce small results. Describe a bold direction people can rally "
        "behind, and look around corners for new ways to serve customers.",
    ),
    (
        "Bias for Action",
        "Speed matters. Most decisions can be undone, so they do not need long study. Take "
        "measured risks and move.",
    ),
    (
        "Frugality",
        "Do more with less. Limits breed self-reliance and invention; headcount, budget and "
        "fixed cost earn no points on their own.",
    ),
    (
        "Earn Trust",
        "Listen closely, speak plainly and treat people with respect. Be self-critical out "
        "loud, even when it is awkward, and hold yourself and your team to the best available "
        "benchmark.",
    ),
    (
        "Dive Deep",
        "Stay close to the details, audit them often, and be sceptical when an anecdote and a "
        "metric disagree. No task is beneath you.",
    ),
    (
        "Have Backbone; Disagree and Commit",
        "Challenge a decision you disagree with, respectfully, even when it costs you. Say what "
        "you believe and why; once the call is made, commit to it fully.",
    ),
    (
        "Deliver Results",
        "Focus on the inputs that matter and deliver them with the right quality and on time. "
        "When things go wrong, rise to it and do not settle.",
    ),
    (
        "Strive to be Earth's Best Employer",
        "Make the workplace safer, fairer, more productive and more welcoming every day. Ask "
        "whether the people around you are growing, empowered and ready for what comes next.",
    ),
    (
        "Success and Scale Bring Broad Responsibility",
        "Size brings influence over communities, the planet and future generations. Be humble "
        "about the effects of what we do and make tomorrow better than today.",
    ),
)
"""The sixteen names, with descriptions written for dayone. A company edits them to its own."""

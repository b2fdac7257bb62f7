from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "dayone.server.voice"
    label = "voice"
    verbose_name = "Voice of the customer"

"""Which channels are switched on, built from the settings."""

from __future__ import annotations

from bot.settings import Settings
from webhooks.channel import Channel
from webhooks.telegram import TelegramChannel, build_telegram_bot
from webhooks.whatsapp import WhatsAppChannel, build_twilio_client


class ConfigurationError(RuntimeError):
    """A channel is switched on but cannot run safely (one clear line)."""


def build_channels(settings: Settings) -> dict[str, Channel]:
    problems = settings.channel_problems()
    if problems:
        raise ConfigurationError(problems[0])
    channels: dict[str, Channel] = {}
    if settings.telegram_bot_token and settings.telegram_webhook_secret:
        bot = build_telegram_bot(
            settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_api_base
        )
        channels["telegram"] = TelegramChannel(
            bot, settings.telegram_webhook_secret.get_secret_value()
        )
    if (
        settings.twilio_account_sid
        and settings.twilio_auth_token
        and settings.twilio_whatsapp_from
        and settings.public_url
    ):
        token = settings.twilio_auth_token.get_secret_value()
        client = build_twilio_client(
            settings.twilio_account_sid, token, api_base=settings.twilio_api_base
        )
        channels["whatsapp"] = WhatsAppChannel(
            client,
            token,
            settings.public_url,
            settings.twilio_whatsapp_from,
            template_sid=settings.whatsapp_template_sid,
        )
    return channels

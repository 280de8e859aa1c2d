"""Sign-in and account security: login with throttling, TOTP second factor, password reset."""

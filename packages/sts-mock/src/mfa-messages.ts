/** AccessDenied message for a missing, wrong or already used MFA code. */
export const mfaFailed = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';

/** AccessDenied message for a serial number that is not an MFA device of the caller. */
export const mfaUnknownDevice =
  'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.';

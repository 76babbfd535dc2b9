/**
 * Encryption of PHI at rest: envelope encryption of fields (a master key outside the database wraps one key per
 * organization, which wraps one data key per client or purpose), keyed blind indexes for equality search, key
 * rotation, re-encryption and crypto-shredding. Depends on {@code shared} only; auditing of key operations is done by
 * the callers of {@link health.haven.crypto.KeyManagement}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto", allowedDependencies = "shared")
package health.haven.crypto;

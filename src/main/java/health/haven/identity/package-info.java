/**
 * Who is who: organizations (tenants), user accounts, roles, sign-in and the web security rules every response obeys.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package health.haven.identity;

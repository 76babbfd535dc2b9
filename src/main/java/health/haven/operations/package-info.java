/**
 * Running Haven: the command line, start-up checks, the embedded database, TLS, migrations and demo data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations")
package health.haven.operations;

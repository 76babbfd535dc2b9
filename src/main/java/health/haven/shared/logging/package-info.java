/** Keeps PHI out of the log. */
package health.haven.shared.logging;

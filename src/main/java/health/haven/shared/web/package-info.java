/** Mapping of failures to problem details and the friendly error page, once for every module. */
package health.haven.shared.web;

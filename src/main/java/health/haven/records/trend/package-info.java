/**
 * The PHQ-9 and GAD-7 trend as server-drawn SVG: a pure function of measures the caller has already read (decided
 * and audited by {@link health.haven.records.Measures#history}). Shared by the staff measures page and the client
 * portal, so that both draw the same picture.
 */
@org.springframework.modulith.NamedInterface("trend")
package health.haven.records.trend;

package health.haven.scheduling;

/**
 * A track as entered: {@code days} like "MON,WED,THU", times like "18:00".
 */
public record TrackDefinition(String name, String days, String startsAt, String endsAt, Integer capacity) {
}

package health.haven.portal.web;

import java.util.Optional;

/**
 * One section of the client's home page. Each section is a small Spring component that reads what it shows through
 * its module's API (decided and audited there) and names the fragment of {@code portal-sections.html} that draws it;
 * the home page shows the sections in their {@link org.springframework.core.annotation.Order}. A new section (unread
 * messages, bills) is a component and a fragment, nothing else changes.
 */
interface HomeSection {

	/** What this section shows the client now, or empty when it has nothing to say (it is then left out). */
	Optional<Shown> show(PortalClient client);

	/**
	 * @param fragment the fragment's name in {@code portal-sections.html}; it takes one parameter, {@code data}
	 * @param data what the fragment draws
	 */
	record Shown(String fragment, Object data) {
	}

}

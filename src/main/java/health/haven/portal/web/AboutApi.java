package health.haven.portal.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this server is, for clients of the API: the product and the API version. Carries no data.
 */
@RestController
@RequestMapping("/api/v1")
class AboutApi {

	@Operation(summary = "The product and API version this server speaks")
	@GetMapping("/about")
	Map<String, String> about() {
		return Map.of("product", "Haven", "api", "v1");
	}

}

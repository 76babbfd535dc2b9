package health.haven.shared.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and version of the OpenAPI description served at {@code /v3/api-docs}. */
@Configuration
class ApiDocumentation {

	@Bean
	OpenAPI havenApi() {
		return new OpenAPI().info(new Info().title("Haven API")
			.version("v1")
			.description("Virtual Intensive Outpatient Programs with HIPAA compliance built in. "
					+ "Errors are RFC 9457 problem details with a stable 'code'."));
	}

}

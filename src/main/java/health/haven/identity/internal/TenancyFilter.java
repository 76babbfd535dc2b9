package health.haven.identity.internal;

import health.haven.shared.tenancy.Tenancy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets the request's organization from the signed-in account, after authorization and before any controller, so
 * that every query of the request runs under that organization's row-level security.
 */
@Component
class TenancyFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof SignInAccount account)) {
			chain.doFilter(request, response);
			return;
		}
		Tenancy.enter(account.org());
		try {
			chain.doFilter(request, response);
		}
		finally {
			Tenancy.clear();
		}
	}

	/** Runs inside the security filter chain only. */
	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<TenancyFilter> tenancyFilterRegistration(TenancyFilter filter) {
			FilterRegistrationBean<TenancyFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setEnabled(false);
			return registration;
		}

	}

}

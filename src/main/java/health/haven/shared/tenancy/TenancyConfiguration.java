package health.haven.shared.tenancy;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wraps the application's data source so that every connection carries the current organization. */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

	@Bean
	static BeanPostProcessor tenantScopedDataSources() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !(bean instanceof TenantScopedDataSource)) {
					return new TenantScopedDataSource(dataSource);
				}
				return bean;
			}
		};
	}

}

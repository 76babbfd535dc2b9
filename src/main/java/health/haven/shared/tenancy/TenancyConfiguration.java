package health.haven.shared.tenancy;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wraps the application's data sources so that every connection carries the current organization; only one declared
 * {@link Untenanted} is left as it is.
 */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

	@Bean
	static BeanPostProcessor tenantScopedDataSources(ConfigurableListableBeanFactory beans) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !(bean instanceof TenantScopedDataSource)
						&& !untenanted(beanName)) {
					return new TenantScopedDataSource(dataSource);
				}
				return bean;
			}

			private boolean untenanted(String beanName) {
				return beans.containsBeanDefinition(beanName)
						&& beans.findAnnotationOnBean(beanName, Untenanted.class) != null;
			}
		};
	}

}

package dev.plinth.spring.dashboard;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * With Spring Security on the class path: {@code /plinth} and {@code /plinth/**} only for
 * authenticated users (HTTP Basic, against the application's users), with CSRF protection the
 * page's script takes part in (the {@code XSRF-TOKEN} cookie sent back as {@code X-XSRF-TOKEN}).
 * The chain matches only the dashboard's paths and comes before the application's own, whose
 * rules still apply everywhere else; an application that defines a bean named
 * {@value #CHAIN} replaces it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
final class DashboardSecurityConfiguration {
    static final String CHAIN = "plinthDashboardSecurityFilterChain";

    @Bean(CHAIN)
    @ConditionalOnMissingBean(name = CHAIN)
    @Order(Ordered.HIGHEST_PRECEDENCE + 100)
    SecurityFilterChain plinthDashboardSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/plinth", "/plinth/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa())
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }
}

package dev.plinth.spring.autoconfigure;

import dev.plinth.spring.web.ReactivePluginProblemHandler;
import dev.plinth.spring.web.ServletPluginProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Problem JSON for plugin failures in web applications: the MVC handler in a servlet application,
 * the WebFlux one in a reactive application. On unless {@code plinth.web.problem-details} is
 * false; an application bean of the same type replaces it.
 */
@AutoConfiguration(after = PlinthAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.http.ProblemDetail")
@ConditionalOnProperty(prefix = "plinth.web", name = "problem-details", havingValue = "true", matchIfMissing = true)
public final class PlinthWebAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static final class Servlet {
        @Bean
        @ConditionalOnMissingBean
        ServletPluginProblemHandler servletPluginProblemHandler() {
            return new ServletPluginProblemHandler();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
    static final class Reactive {
        @Bean
        @ConditionalOnMissingBean
        ReactivePluginProblemHandler reactivePluginProblemHandler() {
            return new ReactivePluginProblemHandler();
        }
    }
}

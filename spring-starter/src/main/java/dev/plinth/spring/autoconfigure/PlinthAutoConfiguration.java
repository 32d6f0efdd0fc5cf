package dev.plinth.spring.autoconfigure;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.observe.CallListener;
import dev.plinth.config.PolicyReader;
import dev.plinth.host.PluginEngine;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.client.AutoConfiguredPluginClientsRegistrar;
import dev.plinth.spring.client.ClientContracts;
import dev.plinth.spring.client.PluginClientFactory;
import dev.plinth.spring.hostfn.HostFunctionMethods;
import dev.plinth.spring.hostfn.WitInterfaceBeans;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import dev.plinth.spring.lifecycle.PluginCallObserver;
import dev.plinth.spring.lifecycle.PluginRegistryLifecycle;
import dev.plinth.spring.properties.PlinthProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.event.EmittedEventListener;
import dev.plinth.api.event.EventPublisher;
import org.springframework.context.ApplicationEventPublisher;
import javax.sql.DataSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plinth's core beans: the engine (with the application's host functions and call listeners), the
 * reloading registry behind a {@link PluginRegistry} / {@code PluginDeployments} bean, its graceful
 * shutdown, and the typed plugin beans of the application's packages. Each bean backs off when the
 * application defines its own; {@code plinth.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "plinth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlinthProperties.class)
@Import(AutoConfiguredPluginClientsRegistrar.class)
public final class PlinthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ActivePlugins plinthActivePlugins(PluginRegistry registry) {
        return ActivePlugins.of(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ClientContracts plinthClientContracts(ObjectProvider<PluginRegistry> registry) {
        return new ClientContracts(registry::getObject);
    }

    /**
     * Typed clients; their {@code CompletableFuture} methods run on the application's task executor
     * (Spring Boot's {@code applicationTaskExecutor}, else the only {@link Executor} bean), else on
     * a thread per call.
     */
    @Bean
    @ConditionalOnMissingBean
    PluginClientFactory plinthPluginClientFactory(PluginRegistry registry, ActivePlugins activePlugins,
            ObjectProvider<JsonMapper> jsonMapper, ClientContracts plinthClientContracts,
            @Qualifier("applicationTaskExecutor") ObjectProvider<Executor> applicationTaskExecutor,
            ObjectProvider<Executor> executors) {
        Executor executor = applicationTaskExecutor.getIfAvailable(
                () -> executors.getIfUnique(PluginClientFactory::ownThread));
        return new PluginClientFactory(registry, activePlugins, jsonMapper.getIfAvailable(JsonMapper::shared),
                plinthClientContracts, executor);
    }

    /** The engine and the registry, unless the application brings its own registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(PluginRegistry.class)
    static class RegistryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PluginEngine plinthPluginEngine(PlinthProperties properties, ConfigurableListableBeanFactory beanFactory,
                ObjectProvider<HostFunction> hostFunctionBeans, ObjectProvider<RawHostFunction> rawHostFunctionBeans,
                ObjectProvider<CallListener> callListeners, ObjectProvider<JsonMapper> jsonMapper,
                ObjectProvider<KeyValueStore> keyValueStores, ObjectProvider<DataSource> dataSources,
                ApplicationEventPublisher applicationEvents, ObjectProvider<EmittedEventListener> eventListeners) {
            PluginEngine.Builder builder = PluginEngine.builder()
                    .engine(properties.getEngine().getMode())
                    .maxCachedModules(properties.getEngine().getMaxCachedModules())
                    .limits(properties.getLimits().toPluginLimits())
                    .fuel(properties.getLimits().getFuel())
                    .allowSymlinksOutOfFolder(properties.getPlugins().isAllowSymlinksOutOfFolder());
            builder.signatures(properties.getSignatures().getMode(), properties.getSignatures().toTrustedKeys());
            if (properties.getPolicyFile() != null) {
                builder.policy(PolicyReader.read(properties.getPolicyFile()));
            }
            if (properties.getDataDir() != null) {
                builder.dataDirectory(properties.getDataDir());
            }
            builder.witPackages(properties.getWit().getPath().toArray(java.nio.file.Path[]::new));
            KeyValueStores.configure(builder, properties.getKv(), keyValueStores.getIfUnique(),
                    dataSources.getIfUnique());
            if (properties.getEngine().toCompileCache() != null) {
                builder.compileCache(properties.getEngine().toCompileCache());
            }
            properties.getGrants().forEach((plugin, grant) -> builder.grant(plugin, grant.toPluginGrant(plugin)));
            List<HostFunction> methods = HostFunctionMethods.discover(beanFactory,
                    () -> jsonMapper.getIfAvailable(JsonMapper::shared));
            methods.forEach(builder::hostFunction);
            hostFunctionBeans.orderedStream().forEach(builder::hostFunction);
            WitInterfaceBeans.discover(beanFactory).forEach(builder::componentImports);
            rawHostFunctionBeans.orderedStream().forEach(builder::hostFunction);
            callListeners.orderedStream().forEach(builder::callListener);
            // events plugins emit: Spring application events (EmittedEvent), and the listener beans
            builder.eventListener(applicationEvents::publishEvent);
            eventListeners.orderedStream().forEach(builder::eventListener);
            properties.getConfigOverrides().forEach(builder::configOverride);
            return builder.build();
        }

        /** Publishes events from the application to the plugins that subscribe to their type. */
        @Bean
        @ConditionalOnMissingBean
        EventPublisher plinthEventPublisher(PluginEngine plinthPluginEngine) {
            return plinthPluginEngine.events();
        }

        @Bean
        GatedPluginRegistry pluginRegistry(PluginEngine plinthPluginEngine, PlinthProperties properties,
                ObjectProvider<PluginEventListener> eventListeners, ObjectProvider<PluginCallObserver> callObserver) {
            return RegistryFactory.create(plinthPluginEngine, properties, eventListeners.orderedStream().toList(),
                    callObserver.getIfAvailable(() -> PluginCallObserver.NONE));
        }

        @Bean
        @ConditionalOnMissingBean
        PluginRegistryLifecycle plinthPluginRegistryLifecycle(GatedPluginRegistry pluginRegistry,
                Environment environment) {
            Duration phaseTimeout = Binder.get(environment)
                    .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                    .orElse(Duration.ofSeconds(30));
            return new PluginRegistryLifecycle(pluginRegistry, phaseTimeout);
        }
    }
}

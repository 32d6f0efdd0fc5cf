/** ReloadingRegistry: watching, versions, canaries, rollback. Its internal package is not exported. */
module dev.plinth.reload {
    requires transitive dev.plinth.api;
    requires dev.plinth.config;
    requires transitive dev.plinth.host;
    requires transitive dev.plinth.security;
    requires org.slf4j;

    exports dev.plinth.reload;
}

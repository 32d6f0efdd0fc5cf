/** Decides what a plugin may do: policy, effective grants, signatures, the audit log. */
module dev.plinth.security {
    requires transitive dev.plinth.api;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports dev.plinth.security.audit;
    exports dev.plinth.security.policy;
    exports dev.plinth.security.signature;
}

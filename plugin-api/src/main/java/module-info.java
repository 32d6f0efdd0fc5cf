/** The contracts every other module and every application builds on: values, errors, the SPI. */
module dev.plinth.api {
    exports dev.plinth.api;
    exports dev.plinth.api.batch;
    exports dev.plinth.api.deploy;
    exports dev.plinth.api.error;
    exports dev.plinth.api.event;
    exports dev.plinth.api.file;
    exports dev.plinth.api.host;
    exports dev.plinth.api.kv;
    exports dev.plinth.api.lifecycle;
    exports dev.plinth.api.manifest;
    exports dev.plinth.api.observe;
    exports dev.plinth.api.unit;
}

package dev.plinth.api.error;

/** The call spent its whole instruction budget (fuel) and was stopped. */
public class FuelExhaustedException extends PluginException {
    private static final long serialVersionUID = 1L;

    public FuelExhaustedException(String message) {
        super(ErrorCode.FUEL_EXHAUSTED, message);
    }

    public FuelExhaustedException(String message, Throwable cause) {
        super(ErrorCode.FUEL_EXHAUSTED, message, cause);
    }
}

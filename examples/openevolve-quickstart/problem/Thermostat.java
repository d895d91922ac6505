/**
 * A PID controller for a room heater. The control law is fixed; its tuning constants, inside the
 * EVOLVE block, are what OpenEvolve improves.
 */
public class Thermostat {
    // EVOLVE-BLOCK-START
    static final double KP = 0.05;
    static final double KI = 0.0001;
    static final double KD = 0.0;
    static final double INTEGRAL_LIMIT = 100.0;
    // EVOLVE-BLOCK-END

    private double integral;
    private double previousError = Double.NaN;

    /** The heater power, from 0 (off) to 1 (full), for the next {@code dt} seconds. */
    public double heaterPower(double target, double measured, double dt) {
        double error = target - measured;
        integral = Math.max(-INTEGRAL_LIMIT, Math.min(INTEGRAL_LIMIT, integral + error * dt));
        double derivative = Double.isNaN(previousError) ? 0 : (error - previousError) / dt;
        previousError = error;
        return Math.max(0, Math.min(1, KP * error + KI * integral + KD * derivative));
    }
}

namespace Instr.Cli.Ui.Model;

/// <summary>
/// A timing-probed method's durations as the last Watch snapshot gave them, in microseconds: since the patch, and
/// over the last interval (<c>Window*</c>, "now"). Exceptions are calls that ended in one.
/// </summary>
internal sealed record MethodTiming(
    double P50Us,
    double P99Us,
    double MaxUs,
    long Exceptions,
    double WindowP50Us,
    double WindowP99Us,
    double WindowMaxUs,
    long WindowExceptions);

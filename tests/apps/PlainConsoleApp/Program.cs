// A plain console app that the agent must not disturb. Everything it prints is deterministic, so the integration
// tests can compare its stdout/stderr byte for byte with and without the agent.
//   --ms N     run N milliseconds after printing "ready" (default 0)
//   --exit N   exit code (default 0)
//   --wait-file PATH   after "ready", also wait until PATH exists (tests use it to end the run when they are done)
//   --main-timestamp   (first argument only; for the startup benchmark) first print "main-timestamp T" with
//                      T = Stopwatch.GetTimestamp() at entry to Main (CLOCK_MONOTONIC, comparable across processes)
//   --timed-calls N --go-file PATH   after "ready": warm PlainConsoleApp.Timed up (40 calls, then "timed: warm"),
//                      wait until PATH exists, make exactly N calls of Timed.Sleep and Timed.Fail, print
//                      "timed: N calls, F exceptions" (tests patch Timed with --probe timing in between)
//   --on-sigterm keep   cancel SIGTERM and run on (prints "kept running after SIGTERM"), as a service that handles it
// Otherwise signals get no special handling: SIGINT/SIGTERM end it with the runtime's default codes (130/143).
using System.Diagnostics;
using System.Globalization;
using PlainConsoleApp;

if (args.Length > 0 && args[0] == "--main-timestamp")
{
    var atMain = Stopwatch.GetTimestamp();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"main-timestamp {atMain}"));
    args = args[1..];
}

var runMs = 0;
var exitCode = 0;
string? waitFile = null;
var timedCalls = 0;
string? goFile = null;
System.Runtime.InteropServices.PosixSignalRegistration? keepOnSigterm = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--ms":
            runMs = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
            break;
        case "--exit":
            exitCode = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
            break;
        case "--on-sigterm" when args[i + 1] == "keep":
            keepOnSigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Console.WriteLine("kept running after SIGTERM");
            });
            break;
        case "--timed-calls":
            timedCalls = int.Parse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
            break;
        case "--go-file":
            goFile = args[i + 1];
            break;
        case "--wait-file":
            waitFile = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"PlainConsoleApp: unknown option {args[i]}");
            return 2;
    }
}

Console.WriteLine("PlainConsoleApp: start");
var total = 0L;
for (var n = 1; n <= 5; n++)
{
    total += Squares.Of(n);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {n}: sum of squares = {total}"));
}

Console.Error.WriteLine("PlainConsoleApp: a line on stderr");
Console.WriteLine("ready");
Console.Out.Flush();
Thread.Sleep(runMs);
if (timedCalls > 0)
{
    Timed.Run(40);
    Console.WriteLine("timed: warm");
    while (goFile is not null && !File.Exists(goFile))
    {
        Thread.Sleep(10);
    }

    var failures = Timed.Run(timedCalls);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timed: {timedCalls} calls, {failures} exceptions"));
}

while (waitFile is not null && !File.Exists(waitFile))
{
    Thread.Sleep(10);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PlainConsoleApp: done, exit {exitCode}"));
GC.KeepAlive(keepOnSigterm);
return exitCode;

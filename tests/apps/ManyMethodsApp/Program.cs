// An app with 10,000 distinct small static methods in namespace ManyMethodsApp.Targets (Targets/*.g.cs, written by
// generate-targets.sh), for the watch_10k benchmarks. It calls every target once, so each is compiled before anyone
// patches it, prints one line "ready: N methods called, checksum C", then idles (one thread blocked reading stdin) until
// stdin reaches end of file.
//   --hot N   after "ready", one background thread keeps calling the first N targets (in name order), 10 calls each
//             every 10 ms: the "1% hot" load of the watch benchmark (N = 100), light enough to leave the app near idle.
//   --spin    (after --hot N) the same thread never sleeps: the app's work rate is then as high as the CPU it gets,
//             which is how a test sees whether something else in the process takes CPU from it.
// Signals get no special handling: SIGINT/SIGTERM end it with the runtime's default codes (130/143).
using System.Globalization;
using System.Reflection;

var hot = 0;
var spin = args.Length == 3 && args[2] == "--spin";
if (args.Length is 2 or 3 && (args.Length == 2 || spin) && args[0] == "--hot" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hotCount))
{
    hot = hotCount;
}
else if (args.Length > 0)
{
    Console.Error.WriteLine($"ManyMethodsApp: unknown option {args[0]} (it takes --hot N [--spin] only)");
    return 2;
}

const string TargetNamespace = "ManyMethodsApp.Targets";
var called = 0;
var checksum = 0L;
var targets = new List<Func<long, long>>();
foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t.Namespace == TargetNamespace).OrderBy(t => t.Name, StringComparer.Ordinal))
{
    foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
    {
        // A direct delegate call, not MethodInfo.Invoke: no reflection-emitted invoker stubs in the app.
        var target = method.CreateDelegate<Func<long, long>>();
        checksum ^= target(7);
        targets.Add(target);
        called++;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready: {called} methods called, checksum {checksum}"));
Console.Out.Flush();
if (hot > 0)
{
    var hotTargets = targets.Take(hot).ToArray();
    var caller = new Thread(() =>
    {
        var sink = 0L;
        while (true)
        {
            foreach (var target in hotTargets)
            {
                for (var i = 0; i < 10; i++)
                {
                    sink ^= target(i);
                }
            }

            GC.KeepAlive(sink);
            if (!spin)
            {
                Thread.Sleep(10);
            }
        }
    }) { IsBackground = true, Name = "hot callers" };
    caller.Start();
}

using var stdin = Console.OpenStandardInput();
stdin.CopyTo(Stream.Null);
return 0;

// An app with 10,000 distinct small static methods in namespace ManyMethodsApp.Targets (Targets/*.g.cs, written by
// generate-targets.sh), for the watch_10k_cpu_percent benchmark. It calls every target once, so each is compiled before
// anyone patches it, prints one line "ready: N methods called, checksum C", then idles without using CPU (one thread
// blocked reading stdin) until stdin reaches end of file. No options. Signals get no special handling: SIGINT/SIGTERM
// end it with the runtime's default codes (130/143).
using System.Globalization;
using System.Reflection;

if (args.Length > 0)
{
    Console.Error.WriteLine($"ManyMethodsApp: unknown option {args[0]} (it takes none)");
    return 2;
}

const string TargetNamespace = "ManyMethodsApp.Targets";
var called = 0;
var checksum = 0L;
foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t.Namespace == TargetNamespace).OrderBy(t => t.Name, StringComparer.Ordinal))
{
    foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
    {
        // A direct delegate call, not MethodInfo.Invoke: no reflection-emitted invoker stubs in the app.
        checksum ^= method.CreateDelegate<Func<long, long>>()(7);
        called++;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready: {called} methods called, checksum {checksum}"));
Console.Out.Flush();
using var stdin = Console.OpenStandardInput();
stdin.CopyTo(Stream.Null);
return 0;

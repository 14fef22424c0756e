// An app with 100,000 methods for the `instr ui` scale test and benchmark (GeneratedAssembly: 1,000 types × 100
// static methods in HundredK.Generated, written at startup into --dir, default a new directory under TMPDIR).
// Startup: writes and loads the assembly, warms up every method of the first WarmTypes types (WarmCalls calls each,
// through delegates, checking every result), starts the app's own work (a thread calling T000:M00…M09 in a loop and
// checking each result), prints "ready: 100000 methods in 1000 types of HundredK.Generated, warmed 1000", then
// reads commands from stdin, one per line, and answers each with one line:
//   call TYPE METHOD N   e.g. `call 7 42 25`: calls HundredK.Generated.T007:M42 exactly N times (its delegate, so
//                        no call is inlined away) → "called HundredK.Generated.T007:M42(System.Int64) 25 times"
//   work                 → "work: R rounds, W wrong": rounds of the app's own loop so far, results that were wrong
// End of stdin ends the app (exit 0). Signals get no special handling.
using System.Globalization;
using System.Reflection;
using HundredThousandMethodsApp;

const int WarmTypes = 10;
const int WarmCalls = 50;

string? directory = null;
if (args.Length == 2 && args[0] == "--dir")
{
    directory = args[1];
}
else if (args.Length > 0)
{
    Console.Error.WriteLine($"HundredThousandMethodsApp: unknown option {args[0]} (it takes --dir PATH only)");
    return 2;
}

directory ??= Directory.CreateTempSubdirectory("hundredk-").FullName;
var assembly = GeneratedAssembly.WriteAndLoad(directory);

Func<long, long> Target(int type, int method) =>
    assembly.GetType(GeneratedAssembly.TypeName(type), throwOnError: true)!
        .GetMethod(GeneratedAssembly.MethodName(method), BindingFlags.Public | BindingFlags.Static)!
        .CreateDelegate<Func<long, long>>();

var warmed = 0;
for (var type = 0; type < WarmTypes; type++)
{
    for (var method = 0; method < GeneratedAssembly.MethodsPerType; method++)
    {
        var target = Target(type, method);
        for (var x = 0L; x < WarmCalls; x++)
        {
            if (target(x) != GeneratedAssembly.Expected(type, method, x))
            {
                Console.Error.WriteLine($"HundredThousandMethodsApp: {GeneratedAssembly.TypeName(type)}:{GeneratedAssembly.MethodName(method)} returned a wrong result");
                return 1;
            }
        }

        warmed++;
    }
}

var work = new OwnWork([.. Enumerable.Range(0, 10).Select(m => Target(0, m))]);
work.Start();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ready: {GeneratedAssembly.Methods} methods in {GeneratedAssembly.Types} types of {GeneratedAssembly.Name}, warmed {warmed}"));
Console.Out.Flush();

while (Console.ReadLine() is { } line)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words is ["call", var typeText, var methodText, var countText]
        && int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type) && type < GeneratedAssembly.Types
        && int.TryParse(methodText, NumberStyles.None, CultureInfo.InvariantCulture, out var method) && method < GeneratedAssembly.MethodsPerType
        && int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
    {
        var target = Target(type, method);
        var wrong = 0;
        for (var i = 0; i < count; i++)
        {
            wrong += target(i) == GeneratedAssembly.Expected(type, method, i) ? 0 : 1;
        }

        Console.WriteLine(wrong == 0
            ? string.Create(CultureInfo.InvariantCulture, $"called {GeneratedAssembly.TypeName(type)}:{GeneratedAssembly.MethodName(method)}(System.Int64) {count} times")
            : string.Create(CultureInfo.InvariantCulture, $"wrong: {wrong} of {count} results"));
    }
    else if (words is ["work"])
    {
        var (rounds, wrongResults) = work.Progress();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"work: {rounds} rounds, {wrongResults} wrong"));
    }
    else
    {
        Console.WriteLine($"unknown command: {line}");
    }

    Console.Out.Flush();
}

return 0;

// Ships Google.Protobuf 3.10.1 (older than the agent's 3.36.2) and really uses it: the agent's private load
// context must leave the app's copy alone. Output is deterministic for byte-for-byte comparison.
//   --wait-file PATH   after "ready", wait until PATH exists, then serialise again (tests create it once the agent
//                      is up, so the second round trip runs next to the agent's own Google.Protobuf)
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

var waitFile = args.Length == 2 && args[0] == "--wait-file" ? args[1] : null;

Console.WriteLine($"OldProtobufApp: Google.Protobuf {typeof(IMessage).Assembly.GetName().Version}");
Console.WriteLine(RoundTrip("first"));
Console.WriteLine("ready");
Console.Out.Flush();
while (waitFile is not null && !File.Exists(waitFile))
{
    Thread.Sleep(10);
}

Console.WriteLine(RoundTrip("second"));
Console.WriteLine($"OldProtobufApp: Google.Protobuf copies loaded: {System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Count(a => a.GetName().Name == "Google.Protobuf")} in the default load context, version {typeof(IMessage).Assembly.GetName().Version}");
return 0;

static string RoundTrip(string label)
{
    var message = new Struct
    {
        Fields =
        {
            ["label"] = Value.ForString(label),
            ["answer"] = Value.ForNumber(42),
            ["when"] = Value.ForString(new Timestamp { Seconds = 1_600_000_000 }.ToString()),
        },
    };
    var bytes = message.ToByteArray();
    var parsed = Struct.Parser.ParseFrom(bytes);
    return $"{label}: {bytes.Length} bytes {Convert.ToHexString(bytes)} -> {JsonFormatter.Default.Format(parsed)}";
}

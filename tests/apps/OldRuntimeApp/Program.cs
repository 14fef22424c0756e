using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

// Prints a few fixed lines and exits with 4; with "--wait-file PATH" it waits until PATH exists first, so a test can
// attach to it (or watch for an agent socket that must never appear) while it runs.
Console.WriteLine("old runtime app on " + RuntimeInformation.FrameworkDescription);
if (args.Length == 2 && args[0] == "--wait-file")
{
    while (!File.Exists(args[1]))
    {
        Thread.Sleep(20);
    }
}

for (var i = 1; i <= 3; i++)
{
    Console.WriteLine("square " + i + " = " + (i * i));
}

return 4;

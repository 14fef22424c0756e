Console.WriteLine("PlainConsoleApp: not implemented yet");

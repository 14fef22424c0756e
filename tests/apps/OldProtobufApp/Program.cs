Console.WriteLine("OldProtobufApp: not implemented yet");

// The integration tests start real processes with Unix sockets, POSIX signals and file modes: Linux only, like instr.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

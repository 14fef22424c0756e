namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>A generated and built template app: its Release output directory (the content root) and main assembly.</summary>
internal sealed record TemplateApp(string Name, string SourceDirectory, string OutputDirectory, string Dll);

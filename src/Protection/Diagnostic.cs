namespace Minix3.Cosmos.Protection;

/// <summary>
/// One problem found in a policy file. <see cref="ToString"/> gives MSBuild's
/// canonical error format, <c>file(line): error M3P0nn: message</c>, or
/// <c>file: error M3P0nn: message</c> when no single line is at fault
/// (<see cref="Line"/> is 0), so the build reports it with file and line.
/// </summary>
public sealed record Diagnostic(string File, int Line, string Code, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}({Line}): error {Code}: {Message}" : $"{File}: error {Code}: {Message}";
}

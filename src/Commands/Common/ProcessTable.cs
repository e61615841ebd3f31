namespace Minix3.Cosmos.Commands.Common;

// The lines of ps: a header, then one line per process with its name, pid
// ("-" for boot components PM did not create), endpoint, scheduling state
// and memory in KiB (rounded up), in columns.
public static class ProcessTable
{
    public static string Header() => Row("NAME", "PID", "ENDPOINT", "STATE", "MEMORY(KiB)");

    public static string Line(string name, int pid, int endpoint, string state, long memoryBytes) =>
        Row(name.Length == 0 ? "?" : name, pid > 0 ? pid.ToString() : "-", endpoint.ToString(), state.Length == 0 ? "?" : state,
            ((memoryBytes < 0 ? 0 : memoryBytes + 1023) / 1024).ToString());

    private static string Row(string name, string pid, string endpoint, string state, string memory) =>
        Numbers.PadRight(name, 12) + " " + Numbers.PadLeft(pid, 5) + " " + Numbers.PadLeft(endpoint, 8) + "  " +
        Numbers.PadRight(state, 10) + " " + Numbers.PadLeft(memory, 11);
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Swifi.Mutation;

// MINIX swifi's fault types, named by what they change in the machine code
// (src/Swifi/README.md, "Fault types", defines each one). Random is not a
// kind of change: it asks for one of the concrete types the driver supports.
public enum FaultType { Text, Nop, Destination, Source, Branch, Pointer, Loop, Interface, Irq, Random }

public static class FaultTypes
{
    // The names campaigns, logs and the shell use; one per type, in enum order.
    private static readonly string[] Names =
        { "text", "nop", "dst", "src", "branch", "pointer", "loop", "interface", "irq", "random" };

    public static IReadOnlyList<FaultType> Concrete { get; } =
        Enum.GetValues<FaultType>().Where(t => t != FaultType.Random).ToArray();

    public static string Name(FaultType t) =>
        (uint)t < (uint)Names.Length ? Names[(int)t] : throw new ArgumentOutOfRangeException(nameof(t), t, null);

    public static bool TryParse(string name, out FaultType t)
    {
        int index = Array.IndexOf(Names, name.Trim().ToLowerInvariant());
        t = index < 0 ? default : (FaultType)index;
        return index >= 0;
    }
}

// One recorded boot info problem: a kind and one number that locates it.
namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>A <see cref="BootProblemKind"/> plus the value its documentation names (an address, size or offset).</summary>
public struct BootProblem
{
    public BootProblemKind Kind;
    public ulong Value;

    public BootProblem(BootProblemKind kind, ulong value)
    {
        Kind = kind;
        Value = value;
    }
}

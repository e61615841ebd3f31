using System.Collections.Generic;
using System.Linq;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// The general-purpose registers a fault may put in place of another, by size.
// Never the stack pointer (a fault that moves rsp crashes at the next push or
// ret and says nothing about the driver) and never ah/ch/dh/bh (they cannot
// be encoded with a REX prefix, which most of the code has).
internal static class Registers
{
    private static readonly Register[] Gpr64 = Build(r => r.IsGPR64());
    private static readonly Register[] Gpr32 = Build(r => r.IsGPR32());
    private static readonly Register[] Gpr16 = Build(r => r.IsGPR16());
    private static readonly Register[] Gpr8 = Build(r => r.IsGPR8() && r is not (Register.AH or Register.CH or Register.DH or Register.BH));

    private static Register[] Build(System.Func<Register, bool> size) =>
        System.Enum.GetValues<Register>().Where(r => size(r) && r.GetFullRegister() != Register.RSP).ToArray();

    // Whether a fault may replace r: it is one of the registers above.
    public static bool IsCandidate(Register r) => System.Array.IndexOf(SameSize(r), r) >= 0;

    // Registers of r's size other than r, in a fixed order.
    public static IEnumerable<Register> Others(Register r) => SameSize(r).Where(o => o != r);

    public static Register[] SameSize(Register r) =>
        r.IsGPR64() ? Gpr64 : r.IsGPR32() ? Gpr32 : r.IsGPR16() ? Gpr16 : r.IsGPR8() ? Gpr8 : System.Array.Empty<Register>();

    // Argument registers of the System V calling convention (rdi, rsi, rdx,
    // rcx, r8, r9), which ilc's code follows, and their sub-registers.
    public static bool IsArgument(Register r) =>
        r.IsGPR() && r.GetFullRegister() is Register.RDI or Register.RSI or Register.RDX or Register.RCX or Register.R8 or Register.R9;
}

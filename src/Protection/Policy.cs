using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Protection;

/// <summary>A value from a policy file and the 1-based line it was written on.</summary>
public readonly record struct Sourced<T>(T Value, int Line);

/// <summary>An inclusive range of ports or physical addresses, as written (not yet validated).</summary>
public readonly record struct AddressRange(ulong First, ulong Last);

/// <summary>A PCI vendor:device pair.</summary>
public readonly record struct PciId(ushort Vendor, ushort Device);

/// <summary>
/// <c>heartbeat period=... misses=...</c> (raw values, checked by the validator), or
/// <c>heartbeat none reason="..."</c>: RS does not ping it, and the policy says why
/// (<see cref="NoneReason"/>; the period and misses are then 0).
/// </summary>
public readonly record struct HeartbeatSetting(ulong PeriodMs, ulong Misses, string? NoneReason = null)
{
    public bool IsNone => NoneReason != null;
}

/// <summary><c>restart limit=... window=...</c>; raw values, checked by the validator.</summary>
public readonly record struct RestartSetting(ulong Limit, ulong WindowMs);

/// <summary>
/// One component's policy as parsed, with the source line of every value so
/// the validator can point at it. Values are stored as written (numbers as
/// 64-bit) so that out-of-range ones reach the validator; single-valued
/// settings are null when the file does not mention them, and the compiler
/// then uses <see cref="PolicyDefaults"/>. Everything not listed is denied.
/// </summary>
public sealed class Policy
{
    public Policy(string sourceFile)
    {
        SourceFile = sourceFile;
    }

    /// <summary>The path diagnostics name (as given to the parser).</summary>
    public string SourceFile { get; }

    /// <summary>The <c>label</c> line; null means the default, <see cref="DefaultLabel"/>.</summary>
    public Sourced<string>? Label { get; set; }

    /// <summary>The label the component is known by: written, or derived from the file name.</summary>
    public string EffectiveLabel => Label?.Value ?? DefaultLabel(SourceFile);

    public List<Sourced<string>> IpcTargets { get; } = new();
    public List<Sourced<KernelCall>> KernelCalls { get; } = new();
    public List<Sourced<AddressRange>> IoRanges { get; } = new();
    public List<Sourced<ulong>> Irqs { get; } = new();
    public List<Sourced<AddressRange>> MemoryRanges { get; } = new();
    public List<Sourced<PciId>> PciDevices { get; } = new();

    /// <summary>The <c>service</c> verbs: what it may ask RS to do to other components (RsVerbs bits).</summary>
    public List<Sourced<uint>> ServiceVerbs { get; } = new();

    /// <summary>Memory quota in bytes.</summary>
    public Sourced<ulong>? MemoryQuota { get; set; }
    public Sourced<ulong>? Priority { get; set; }
    public Sourced<ulong>? QuantumMs { get; set; }
    public Sourced<HeartbeatSetting>? Heartbeat { get; set; }
    public Sourced<RestartSetting>? Restart { get; set; }
    public Sourced<string>? RecoveryScript { get; set; }

    /// <summary>The <c>manager</c> line; null means the default (<see cref="EffectiveManager"/>).</summary>
    public Sourced<string>? Manager { get; set; }

    /// <summary>The <c>system</c> line; null when the component is not a system process.</summary>
    public int? SystemLine { get; set; }

    public bool IsSystem => SystemLine.HasValue;
    public int? CriticalLine { get; set; }
    public bool IsCritical => CriticalLine.HasValue;

    /// <summary>The <c>bootimage</c> line: it may read the boot modules' contents.</summary>
    public int? BootImageLine { get; set; }
    public bool ReadsBootImage => BootImageLine.HasValue;

    /// <summary>
    /// Who gets this component's defect reports: the written manager, else
    /// <see cref="PolicyDefaults.Manager"/>; null for the default manager
    /// itself, which cannot report to itself.
    /// </summary>
    public string? EffectiveManager =>
        Manager?.Value ?? (EffectiveLabel == PolicyDefaults.Manager ? null : PolicyDefaults.Manager);

    /// <summary>The policy file is named after its component's folder: "Hello.policy" gives "hello".</summary>
    public static string DefaultLabel(string sourceFile) =>
        Path.GetFileNameWithoutExtension(sourceFile).ToLowerInvariant();
}

/// <summary>
/// What a policy gets for a setting it does not mention (see README.md), and
/// the kernel's capacities. The capacities must equal those of the kernel's
/// Privilege (src/Kernel/Proc/Privilege.cs); a unit test checks that they do,
/// so the compiler never writes a table the kernel would refuse.
/// </summary>
public static class PolicyDefaults
{
    public const int Priority = 15;
    public const int QuantumMs = 10;
    public const int HeartbeatMisses = 3;
    public const int RestartWindowMs = 60_000;
    public const string Manager = "rs";

    public const int MaxLabelLength = PrivilegeFormat.MaxLabelLength;
    public const int MaxTargets = 32;
    public const int MaxIoRanges = 16;
    public const int MaxIrqs = 16;
    public const int MaxMemoryRanges = 8;
    public const int MaxPciDevices = 8;
    public const int MaxScriptLength = 127;
    public const int MaxPriority = 15;
    public const int IrqLines = 16;

    /// <summary>x86-64 physical addresses have at most 52 bits.</summary>
    public const ulong PhysicalAddressLimit = 1UL << 52;
}

using System;
using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Protection;

/// <summary>
/// Checks what a parsed policy means: values in range, nothing listed twice
/// or overlapping, no more entries than the kernel's Privilege holds
/// (<see cref="PolicyDefaults"/>); and, for a whole image, that every
/// <c>ipc</c> and <c>manager</c> target is a component of the image and no
/// label is used twice. Problems are appended as diagnostics pointing at the
/// offending line; a policy with none compiles.
/// </summary>
public static class PolicyValidator
{
    /// <summary>Labels are 1..31 characters of [a-z0-9_-]: they travel in the table as ASCII.</summary>
    public static bool IsValidLabel(string label) =>
        label.Length is >= 1 and <= PolicyDefaults.MaxLabelLength && label.All(IsLabelCharacter);

    private static bool IsLabelCharacter(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    public static void Validate(Policy policy, List<Diagnostic> diagnostics)
    {
        var report = new Reporter(policy.SourceFile, diagnostics);
        CheckLabel(report, "label", policy.EffectiveLabel, policy.Label?.Line ?? 0, policy.Label == null);

        var targets = policy.IpcTargets;
        foreach (var target in targets)
            CheckLabel(report, "ipc target", target.Value, target.Line, defaulted: false);
        CheckDistinct(report, "ipc target", targets, t => t);
        CheckCount(report, "ipc targets", targets, PolicyDefaults.MaxTargets);

        CheckDistinct(report, "kernel call", policy.KernelCalls, k => k.ToString().ToLowerInvariant());
        CheckDistinct(report, "service verb", policy.ServiceVerbs, v => RsVerbs.Names[System.Numerics.BitOperations.TrailingZeroCount(v)]);

        foreach (var io in policy.IoRanges)
        {
            if (io.Value.First > 0xFFFF || io.Value.Last > 0xFFFF)
                report.Error(io.Line, PolicyError.PortOutOfRange, $"io range {Show(io.Value)} goes past port 0xffff");
            else if (io.Value.First > io.Value.Last)
                report.Error(io.Line, PolicyError.ReversedRange, $"io range {Show(io.Value)} starts after it ends");
        }
        CheckOverlaps(report, "io", PolicyError.OverlappingIo, policy.IoRanges);
        CheckCount(report, "io ranges", policy.IoRanges, PolicyDefaults.MaxIoRanges);

        foreach (var irq in policy.Irqs.Where(i => i.Value >= PolicyDefaults.IrqLines))
            report.Error(irq.Line, PolicyError.IrqOutOfRange, $"irq {irq.Value} is outside 0..{PolicyDefaults.IrqLines - 1}");
        CheckDistinct(report, "irq", policy.Irqs, i => i.ToString());

        foreach (var memory in policy.MemoryRanges)
        {
            if (memory.Value.First > memory.Value.Last)
                report.Error(memory.Line, PolicyError.ReversedRange, $"memory range {Show(memory.Value)} starts after it ends");
            else if (memory.Value.Last >= PolicyDefaults.PhysicalAddressLimit)
                report.Error(memory.Line, PolicyError.ValueOutOfRange, $"memory range {Show(memory.Value)} goes past the 52-bit physical address space");
        }
        CheckOverlaps(report, "memory", PolicyError.OverlappingMemory, policy.MemoryRanges);
        CheckCount(report, "memory ranges", policy.MemoryRanges, PolicyDefaults.MaxMemoryRanges);

        CheckDistinct(report, "pci device", policy.PciDevices, p => $"{p.Vendor:x4}:{p.Device:x4}");
        CheckCount(report, "pci devices", policy.PciDevices, PolicyDefaults.MaxPciDevices);

        if (policy.Priority is { Value: > PolicyDefaults.MaxPriority } priority)
            report.Error(priority.Line, PolicyError.PriorityOutOfRange, $"priority {priority.Value} is outside 0 (highest)..{PolicyDefaults.MaxPriority}");
        if (policy.QuantumMs is { } quantum && quantum.Value is 0 or > ushort.MaxValue)
            report.Error(quantum.Line, PolicyError.ValueOutOfRange, $"quantum {quantum.Value}ms is outside 1ms..{ushort.MaxValue}ms");
        if (policy.Heartbeat is { Value.NoneReason: { } reason } none)
        {
            if (string.IsNullOrWhiteSpace(reason))
                report.Error(none.Line, PolicyError.NoReason, "'heartbeat none' needs a reason: say why RS must not ping this component");
        }
        else if (policy.Heartbeat is { } heartbeat)
        {
            CheckUInt32(report, heartbeat.Line, "heartbeat period (ms)", heartbeat.Value.PeriodMs, minimum: 1);
            CheckUInt32(report, heartbeat.Line, "heartbeat misses", heartbeat.Value.Misses, minimum: 1);
        }
        if (policy.Restart is { } restart)
        {
            CheckUInt32(report, restart.Line, "restart limit", restart.Value.Limit, minimum: 0);
            if (restart.Value.WindowMs % 1000 != 0)
                report.Error(restart.Line, PolicyError.ValueOutOfRange, $"restart window {restart.Value.WindowMs}ms is not a whole number of seconds");
            else
                CheckUInt32(report, restart.Line, "restart window (s)", restart.Value.WindowMs / 1000, minimum: 1);
        }
        if (policy.RecoveryScript is { } script && !IsValidScriptPath(script.Value))
            report.Error(script.Line, PolicyError.BadRecoveryPath,
                $"recovery script '{script.Value}' must be an absolute path of at most {PolicyDefaults.MaxScriptLength} printable ASCII characters");

        if (policy.Manager is { } manager)
        {
            CheckLabel(report, "manager", manager.Value, manager.Line, defaulted: false);
            if (manager.Value == policy.EffectiveLabel)
                report.Error(manager.Line, PolicyError.SelfManaged, $"'{manager.Value}' cannot be its own manager: nobody would hear of its failure");
        }
    }

    /// <summary>
    /// Validates each policy, then the image as a whole: labels unique, every
    /// written <c>ipc</c> and <c>manager</c> target present, every component
    /// RS supervises saying whether RS pings it, and every component below its
    /// manager's priority. The implicit default manager is not required, so
    /// images without RS still build.
    /// </summary>
    public static void ValidateImage(IReadOnlyList<Policy> policies, List<Diagnostic> diagnostics)
    {
        foreach (var policy in policies)
            Validate(policy, diagnostics);

        var owners = new Dictionary<string, Policy>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            string label = policy.EffectiveLabel;
            if (owners.TryGetValue(label, out Policy? first))
                diagnostics.Add(new Diagnostic(policy.SourceFile, policy.Label?.Line ?? 0, PolicyError.DuplicateLabel,
                    $"label '{label}' is already used by {first.SourceFile}{(first.Label is { } l ? $"({l.Line})" : "")}"));
            else
                owners.Add(label, policy);
        }

        string present = string.Join(", ", owners.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var policy in policies)
        {
            var wanted = policy.IpcTargets.Select(t => ("ipc target", t)).ToList();
            if (policy.Manager is { } manager)
                wanted.Add(("manager", manager));
            foreach (var (what, target) in wanted.Where(w => !owners.ContainsKey(w.Item2.Value)))
                diagnostics.Add(new Diagnostic(policy.SourceFile, target.Line, PolicyError.MissingTarget,
                    $"{what} '{target.Value}' is not a component of this image (labels present: {present})"));
            if (policy.EffectiveManager is { } managerLabel && owners.TryGetValue(managerLabel, out Policy? managing))
                CheckSupervision(policy, managing, diagnostics);
        }
    }

    // A component its manager cannot outrun: a spinning component at or
    // above its manager's priority would keep the manager off the CPU, and
    // with it the pings, kills and restarts that would end the loop (the
    // scheduler's demotion bounds that wait by a quantum per level, and a
    // quantum may be a minute). And RS's components say whether RS pings
    // them: silence is a choice, never a default.
    private static void CheckSupervision(Policy policy, Policy manager, List<Diagnostic> diagnostics)
    {
        ulong own = policy.Priority?.Value ?? PolicyDefaults.Priority;
        ulong managers = manager.Priority?.Value ?? PolicyDefaults.Priority;
        if (own <= PolicyDefaults.MaxPriority && managers <= PolicyDefaults.MaxPriority && own <= managers)
        {
            string mine = policy.Priority == null ? $"the default priority, {own}," : $"priority {own}";
            diagnostics.Add(new Diagnostic(policy.SourceFile, policy.Priority?.Line ?? policy.Manager?.Line ?? 0, PolicyError.PriorityNotBelowManager,
                $"{mine} is not below its manager {manager.EffectiveLabel}'s ({managers}; 0 is the highest): looping, it could keep " +
                $"{manager.EffectiveLabel} from running to end it; give it a priority number greater than {managers}"));
        }
        if (manager.EffectiveLabel == PolicyDefaults.Manager && !policy.IsSystem)
            diagnostics.Add(new Diagnostic(policy.SourceFile, policy.Manager?.Line ?? 0, PolicyError.SystemUnstated,
                $"{PolicyDefaults.Manager} supervises '{policy.EffectiveLabel}' but its policy does not say 'system': servers judge a " +
                "component's requests by its policy and a user program's by its uid, and only 'system' tells them which it is"));
        if (manager.EffectiveLabel == PolicyDefaults.Manager && policy.Heartbeat == null)
            diagnostics.Add(new Diagnostic(policy.SourceFile, policy.Manager?.Line ?? 0, PolicyError.HeartbeatUnstated,
                $"{PolicyDefaults.Manager} supervises '{policy.EffectiveLabel}' but its policy does not say whether {PolicyDefaults.Manager} pings it: " +
                "add 'heartbeat period=<duration> misses=<count>', or 'heartbeat none reason=\"<why not>\"'"));
    }

    /// <summary>An absolute path of printable ASCII without spaces, at most MaxScriptLength bytes.</summary>
    public static bool IsValidScriptPath(string path) =>
        path.Length is >= 2 and <= PolicyDefaults.MaxScriptLength && path[0] == '/' && path.All(c => c is > ' ' and <= '~');

    private static void CheckLabel(Reporter report, string what, string label, int line, bool defaulted)
    {
        string origin = defaulted ? " (taken from the file name; add a 'label' line)" : "";
        if (label.Length is 0 or > PolicyDefaults.MaxLabelLength)
            report.Error(line, PolicyError.LabelLength, $"{what} '{label}' has {label.Length} characters; a label has 1..{PolicyDefaults.MaxLabelLength}{origin}");
        else if (!label.All(IsLabelCharacter))
            report.Error(line, PolicyError.LabelCharacters, $"{what} '{label}' may only contain a-z, 0-9, '_' and '-'{origin}");
    }

    // Repeats are almost always typos (a port or line meant elsewhere), so
    // they are errors rather than silently merged.
    private static void CheckDistinct<T>(Reporter report, string what, List<Sourced<T>> items, Func<T, string> show)
        where T : notnull
    {
        var seen = new Dictionary<T, int>();
        foreach (var item in items)
        {
            if (seen.TryGetValue(item.Value, out int firstLine))
                report.Error(item.Line, PolicyError.DuplicateEntry, $"{what} {show(item.Value)} is already listed on line {firstLine}");
            else
                seen.Add(item.Value, item.Line);
        }
    }

    private static void CheckCount<T>(Reporter report, string what, List<Sourced<T>> items, int capacity)
    {
        if (items.Count > capacity)
            report.Error(items[capacity].Line, PolicyError.TooMany, $"{items.Count} {what} listed; the kernel holds at most {capacity}");
    }

    // Only well-formed ranges are compared; reversed ones are reported above.
    private static void CheckOverlaps(Reporter report, string what, string code, List<Sourced<AddressRange>> ranges)
    {
        for (int i = 0; i < ranges.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                AddressRange a = ranges[i].Value, b = ranges[j].Value;
                if (a.First <= a.Last && b.First <= b.Last && a.First <= b.Last && b.First <= a.Last)
                {
                    report.Error(ranges[i].Line, code, $"{what} range {Show(a)} overlaps {Show(b)} on line {ranges[j].Line}");
                    break;
                }
            }
        }
    }

    private static void CheckUInt32(Reporter report, int line, string what, ulong value, ulong minimum)
    {
        if (value < minimum || value > uint.MaxValue)
            report.Error(line, PolicyError.ValueOutOfRange, $"{what} {value} is outside {minimum}..{uint.MaxValue}");
    }

    private static string Show(AddressRange range) =>
        range.First == range.Last ? $"0x{range.First:x}" : $"0x{range.First:x}-0x{range.Last:x}";

    private sealed record Reporter(string File, List<Diagnostic> Diagnostics)
    {
        public void Error(int line, string code, string message) => Diagnostics.Add(new Diagnostic(File, line, code, message));
    }
}

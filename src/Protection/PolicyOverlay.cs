using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Protection;

/// <summary>
/// An image-level addition to one component's policy: a file in policy syntax
/// whose <c>label</c> names the component and whose list keywords (ipc,
/// kernel, io, irq, memory, pci) add entries to it. A component's own policy
/// names only the peers every image has; an image that adds peers (the test
/// image's clients) says so in an overlay beside the image, so the shipped
/// policies never grant test components anything. Overlays are merged before
/// validation, so the merged policy is checked like any other (repeats,
/// capacities, targets that must exist).
/// </summary>
public static class PolicyOverlay
{
    public static void Apply(IReadOnlyList<Policy> overlays, List<Policy> policies, List<Diagnostic> diagnostics)
    {
        foreach (Policy overlay in overlays)
        {
            if (overlay.Label is not { } label)
            {
                diagnostics.Add(new Diagnostic(overlay.SourceFile, 0, PolicyError.OverlayTarget,
                    "an overlay must name the component it extends with a `label` line"));
                continue;
            }
            Policy? target = policies.FirstOrDefault(p => p.EffectiveLabel == label.Value);
            if (target == null)
            {
                diagnostics.Add(new Diagnostic(overlay.SourceFile, label.Line, PolicyError.OverlayTarget,
                    $"overlay for '{label.Value}', which is not a component of this image"));
                continue;
            }
            if (SingleValuedLine(overlay) is int line)
            {
                diagnostics.Add(new Diagnostic(overlay.SourceFile, line, PolicyError.OverlaySetting,
                    "an overlay may only add list entries (ipc kernel io irq memory pci); change the component's own policy for the rest"));
                continue;
            }
            target.IpcTargets.AddRange(overlay.IpcTargets);
            target.KernelCalls.AddRange(overlay.KernelCalls);
            target.IoRanges.AddRange(overlay.IoRanges);
            target.Irqs.AddRange(overlay.Irqs);
            target.MemoryRanges.AddRange(overlay.MemoryRanges);
            target.PciDevices.AddRange(overlay.PciDevices);
        }
    }

    // The first line of a setting an overlay may not change, if any.
    private static int? SingleValuedLine(Policy overlay) =>
        overlay.MemoryQuota?.Line ?? overlay.Priority?.Line ?? overlay.QuantumMs?.Line ?? overlay.Heartbeat?.Line
        ?? overlay.Restart?.Line ?? overlay.RecoveryScript?.Line ?? overlay.Manager?.Line ?? overlay.SystemLine ?? overlay.CriticalLine ?? overlay.BootImageLine;
}

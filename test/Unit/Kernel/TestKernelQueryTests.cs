using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Tests.Kernel;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel;

// The test kernel's DiagCtl (test/Kernel/DiagCtl.cs) replaces the
// kernel's in the test image and adds the queries of issue 17's DMA
// tests for a negative Length: its layout must overlay DiagCtlMessage,
// and its printing must stay the kernel's.
public unsafe class TestKernelQueryTests
{
    [Test]
    public void TheQueryOverlaysDiagCtlsMessage()
    {
        Assert.That(sizeof(KernelQueryMessage), Is.EqualTo(Message.PayloadBytes));
        Assert.That(Marshal.OffsetOf<KernelQueryMessage>(nameof(KernelQueryMessage.Text)), Is.EqualTo(Marshal.OffsetOf<DiagCtlMessage>(nameof(DiagCtlMessage.Text))));
        Assert.That(Marshal.OffsetOf<KernelQueryMessage>(nameof(KernelQueryMessage.Query)), Is.EqualTo(Marshal.OffsetOf<DiagCtlMessage>(nameof(DiagCtlMessage.Length))));
        Assert.That(new[] { KernelQueryMessage.Translate, KernelQueryMessage.Where, KernelQueryMessage.Checksum }, Has.All.LessThan(0),
            "queries are negative lengths, which the default kernel refuses");
    }

    [Test]
    public void TheTestKernelsDiagCtlPrintsAsTheKernelsDoes()
    {
        string root = AsmTestHelpers.RepoRoot();
        string[] kernel = PrintPath(Path.Combine(root, "src/Kernel/KernelCalls/DiagCtl.cs"));
        string[] test = PrintPath(Path.Combine(root, "test/Kernel/DiagCtl.cs"));
        Assert.That(kernel, Is.Not.Empty);
        Assert.That(test, Is.EqualTo(kernel), "test/Kernel/DiagCtl.cs copies the printing of src/Kernel/KernelCalls/DiagCtl.cs: keep them alike");
    }

    // From the stack buffer to the end of Handle, trimmed.
    private static string[] PrintPath(string file) =>
        File.ReadAllLines(file).Select(l => l.Trim())
            .SkipWhile(l => !l.StartsWith("byte* text = stackalloc"))
            .TakeWhile(l => l != "return Status.Ok;").ToArray();
}

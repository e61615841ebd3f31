extern alias protection;

using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// The user privilege table rewritten for one program: the kernel's own
// reader must accept it, with the new label and manager and nothing else
// changed.
[TestFixture]
public sealed class PrivilegeTableTests
{
    private static byte[] Compile(string text)
    {
        var diagnostics = new List<Diagnostic>();
        Policy policy = PolicyCompiler.Check(new PolicySource("User.policy", text), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        return PrivilegeTableWriter.Write(policy);
    }

    private static Privilege Read(byte[] table)
    {
        var privilege = new Privilege();
        Assert.That(PrivilegeReader.Read(table, privilege, out int offset), Is.True, "refused at " + offset);
        return privilege;
    }

    [TestCase("label user\nipc pm vfs\nkernel exit brk times setalarm diagctl\nquota 32M\npriority 12\nmanager pm\n")]
    [TestCase("label user\nkernel exit\n")]
    public void RewrittenTableKeepsEverythingButLabelAndManager(string policy)
    {
        byte[] original = Compile(policy);
        Privilege before = Read(original);
        byte[] rewritten = PrivilegeTable.Rewrite(original, "child", "pm")!;
        Assert.That(rewritten, Is.Not.Null);
        Privilege after = Read(rewritten);
        Assert.That(Encoding.ASCII.GetString(after.Label), Is.EqualTo("child"));
        Assert.That(Encoding.ASCII.GetString(after.SignalManager), Is.EqualTo("pm"));
        Assert.That(after.Record.KernelCalls, Is.EqualTo(before.Record.KernelCalls));
        Assert.That(after.Record.MemoryQuota, Is.EqualTo(before.Record.MemoryQuota));
        Assert.That(after.Record.TargetCount, Is.EqualTo(before.Record.TargetCount));
        Assert.That(after.Record.Priority, Is.EqualTo(before.Record.Priority));
    }

    [Test]
    public void MalformedTablesAndBadNamesAreRefused()
    {
        byte[] table = Compile("label user\nkernel exit\n");
        Assert.That(PrivilegeTable.Rewrite(table, "Bad Name", "pm"), Is.Null);
        Assert.That(PrivilegeTable.Rewrite(table, "child", ""), Is.Null);
        Assert.That(PrivilegeTable.Rewrite(new byte[8], "child", "pm"), Is.Null);
        byte[] truncated = table[..(table.Length - 4)];
        Assert.That(PrivilegeTable.Rewrite(truncated, "child", "pm"), Is.Null);
        byte[] badMagic = (byte[])table.Clone();
        badMagic[0] = (byte)'X';
        Assert.That(PrivilegeTable.Rewrite(badMagic, "child", "pm"), Is.Null);
        byte[] badCount = (byte[])table.Clone();
        badCount[12] = 99;
        Assert.That(PrivilegeTable.Rewrite(badCount, "child", "pm"), Is.Null);
    }

    [TestCase("/bin/ls", "ls")]
    [TestCase("child", "child")]
    [TestCase("/usr/bin/My.Prog", "my_prog")]
    [TestCase("/bin/", "program")]
    [TestCase("/bin/averyveryverylongprogramnamethatgoeson", "averyveryverylongprogramnametha")]
    public void ProgramLabelsAreValidLabels(string path, string label)
    {
        Assert.That(ProgramName.Label(path), Is.EqualTo(label));
        Assert.That(ProgramName.IsLabel(ProgramName.Label(path)), Is.True);
    }

    [TestCase("pm", "u-pm")]
    [TestCase("averyveryverylongprogramnametha", "u-averyveryverylongprogramnamet")]
    public void ReservedNamesGetAPrefixAndStayLabels(string label, string expected)
    {
        Assert.That(ProgramName.Reserved(label), Is.EqualTo(expected));
        Assert.That(ProgramName.IsLabel(ProgramName.Reserved(label)), Is.True);
    }

    [Test]
    public void ElfCheckWantsAnX8664Executable()
    {
        byte[] header = new byte[64];
        header[0] = 0x7F; header[1] = (byte)'E'; header[2] = (byte)'L'; header[3] = (byte)'F';
        header[4] = 2; header[5] = 1; header[16] = 2; header[18] = 62;
        Assert.That(ElfCheck.LooksExecutable(header), Is.True);
        byte[] shared = (byte[])header.Clone();
        shared[16] = 3;
        Assert.That(ElfCheck.LooksExecutable(shared), Is.False);
        byte[] arm = (byte[])header.Clone();
        arm[18] = 183;
        Assert.That(ElfCheck.LooksExecutable(arm), Is.False);
        Assert.That(ElfCheck.LooksExecutable(header[..63]), Is.False);
        Assert.That(ElfCheck.LooksExecutable(Encoding.ASCII.GetBytes("M3PRIV\0\u0001" + new string('x', 60))), Is.False);
    }
}

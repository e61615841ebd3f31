using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// Owners and modes on a FAT volume: the mount's defaults, per-path rules,
// inheritance of the owner, and POSIX's access rules over them.
[TestFixture]
public sealed class PermissionTableTests
{
    private const string KitTable = "# comment\n/etc/shadow 0 0 0600\n/tmp 0 0 1777\n/home/guest 1000 1000 0755\n/bin/su 0 0 4755\n";
    private static readonly Caller Root = new Caller(0, 0), Guest = new Caller(1000, 1000), Other = new Caller(1001, 1001);

    private static PermissionTable Kit() => PermissionTable.Parse(KitTable, out _);

    [Test]
    public void PathsWithoutRulesAreRootsWithTheMountDefaults()
    {
        FileOwner passwd = Kit().Of("/etc/passwd");
        Assert.That((passwd.Uid, passwd.Gid, passwd.Mode), Is.EqualTo((0, 0, 0x1ED)));
        Assert.That(AccessRules.Allows(Guest, passwd, AccessRules.Read, false), Is.True, "others read system files");
        Assert.That(AccessRules.Allows(Guest, passwd, AccessRules.Write, false), Is.False, "and do not write them");
        Assert.That(AccessRules.Allows(Root, passwd, AccessRules.Write, false), Is.True);
    }

    [Test]
    public void RulesMatchIgnoringCaseAsFatDoes()
    {
        PermissionTable table = Kit();
        Assert.That(table.Of("/ETC/Shadow").Mode, Is.EqualTo(0x180));
        Assert.That(AccessRules.Allows(Guest, table.Of("/etc/shadow"), AccessRules.Read, false), Is.False);
        Assert.That(AccessRules.Allows(Root, table.Of("/etc/shadow"), AccessRules.Read, false), Is.True);
    }

    [Test]
    public void WhatIsBelowAnOwnedDirectoryIsItsOwners()
    {
        PermissionTable table = Kit();
        FileOwner note = table.Of("/home/guest/notes/today.txt");
        Assert.That((note.Uid, note.Gid, note.Mode), Is.EqualTo((1000, 1000, 0x1ED)));
        Assert.That(AccessRules.Allows(Guest, note, AccessRules.Write, false), Is.True);
        Assert.That(AccessRules.Allows(Other, note, AccessRules.Write, false), Is.False);
    }

    [Test]
    public void TheStickyTmpLetsOnlyOwnersRemove()
    {
        PermissionTable table = Kit();
        table.Set("/tmp/g", new FileOwner(1000, 1000, 0x1A4));
        FileOwner tmp = table.Of("/tmp");
        Assert.That(AccessRules.Allows(Other, tmp, AccessRules.Write | AccessRules.Execute, true), Is.True, "anyone makes files in /tmp");
        Assert.That(AccessRules.MayRemoveFrom(Other, tmp, table.Of("/tmp/g")), Is.False, "but removes only its own");
        Assert.That(AccessRules.MayRemoveFrom(Guest, tmp, table.Of("/tmp/g")), Is.True);
        Assert.That(AccessRules.MayRemoveFrom(Root, tmp, table.Of("/tmp/g")), Is.True);
        Assert.That(AccessRules.MayRemoveFrom(Other, table.Of("/home/guest"), table.Of("/home/guest/x")), Is.True, "not sticky: the directory's write bit decides");
    }

    [Test]
    public void SetKeepsOnlyExceptionsAndRemoveAndRenameFollowTheFiles()
    {
        PermissionTable table = Kit();
        int before = table.Count;
        table.Set("/home/guest/a", new FileOwner(1000, 1000, 0x1ED));
        Assert.That(table.Count, Is.EqualTo(before), "what a path would have anyway needs no rule");
        table.Set("/tmp/d", new FileOwner(1000, 1000, 0x1ED));
        table.Set("/tmp/d/f", new FileOwner(1001, 1001, 0x180));
        table.Rename("/tmp/d", "/home/guest/d");
        Assert.That(table.Of("/home/guest/d/f").Uid, Is.EqualTo(1001), "rules below a renamed directory move with it");
        Assert.That(table.Of("/tmp/d/f").Uid, Is.EqualTo(0));
        table.Remove("/home/guest/d");
        Assert.That(table.Of("/home/guest/d/f").Uid, Is.EqualTo(1000), "removed with its directory: a new file there is the directory owner's");
        Assert.That(table.Count, Is.EqualTo(before));
    }

    [Test]
    public void TheTextRoundTripsAndBadLinesAreSkippedNotGuessed()
    {
        PermissionTable table = PermissionTable.Parse(KitTable + "/x 1 1 0999\nrelative 0 0 0644\n/y 0 0\n/z a 0 0644\n", out int skipped);
        Assert.That(skipped, Is.EqualTo(4));
        Assert.That(table.Count, Is.EqualTo(4));
        PermissionTable again = PermissionTable.Parse(table.Format(), out int none);
        Assert.That(none, Is.EqualTo(0));
        Assert.That(again.Of("/bin/su").Mode, Is.EqualTo(0x9ED));
        Assert.That(again.Of("/tmp").Mode, Is.EqualTo(0x3FF));
    }

    [Test]
    public void RootExecutesOnlyWhatSomeoneMayExecute()
    {
        Assert.That(AccessRules.Allows(Root, new FileOwner(0, 0, 0x1A4), AccessRules.Execute, false), Is.False);
        Assert.That(AccessRules.Allows(Root, new FileOwner(5, 5, 0x1C0), AccessRules.Execute, false), Is.True);
        Assert.That(AccessRules.Allows(Root, new FileOwner(5, 5, 0), AccessRules.Execute, true), Is.True, "root searches any directory");
        Assert.That(AccessRules.Allows(Guest, new FileOwner(0, 1000, 0x1F0), AccessRules.Write, false), Is.True, "the group's bits for a member");
    }

    [Test]
    public void ChmodIsTheOwnersAndChownRootsAlone()
    {
        FileOwner mine = new FileOwner(1000, 1000, 0x1ED);
        Assert.That(AccessRules.MayChangeMode(Guest, mine), Is.True);
        Assert.That(AccessRules.MayChangeMode(Other, mine), Is.False);
        Assert.That(AccessRules.MayChangeOwner(Guest, mine, 0, 0), Is.False, "no giving files away");
        Assert.That(AccessRules.MayChangeOwner(Guest, mine, 1000, 1000), Is.True);
        Assert.That(AccessRules.MayChangeOwner(Root, mine, 1001, 1001), Is.True);
        Assert.That(AccessRules.AfterOwnerChange(new FileOwner(0, 0, 0x9ED), 1000, 1000).Mode, Is.EqualTo(0x1ED), "a new owner loses set-uid");
        Assert.That(AccessRules.ModeAfterChange(Guest, new FileOwner(1000, 0, 0x1ED), 0x5ED), Is.EqualTo(0x1ED), "set-gid only for a group one is in");
    }
}

using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;

namespace Minix3.Cosmos.Commands.Common.Net;

// What ifconfig asks for, from its operands.
public enum IfconfigAction { ShowAll, ShowOne, Configure, Dhcp }

public sealed class IfconfigRequest
{
    public IfconfigAction Action;
    public string Name = "";
    public uint Address;
    public uint Mask;
    public uint Gateway;

    // Why the operands are unusable, or null.
    public string? Error;
}

// ifconfig's operands and its report of one interface (InterfaceBlock,
// src/Lib/Ipc/SocketMessages.cs). Pure: the program only fetches the
// blocks and prints these lines.
public static class IfconfigText
{
    public const string Synopsis = "[-a] [NAME [A.B.C.D/PREFIX [gw A.B.C.D] | dhcp]]";

    //   (nothing)                        every interface
    //   NAME                             that one
    //   NAME A.B.C.D/PREFIX [gw A.B.C.D] a static address
    //   NAME dhcp                        start DHCP on it
    public static IfconfigRequest Parse(List<string> operands)
    {
        var request = new IfconfigRequest();
        if (operands.Count == 0)
            return request;
        request.Name = operands[0];
        if (request.Name.Length == 0 || request.Name.Length >= InterfaceBlock.NameBytes)
        {
            request.Error = "invalid interface name '" + request.Name + "'";
            return request;
        }
        if (operands.Count == 1)
        {
            request.Action = IfconfigAction.ShowOne;
            return request;
        }
        if (operands.Count == 2 && operands[1] == "dhcp")
        {
            request.Action = IfconfigAction.Dhcp;
            return request;
        }
        request.Action = IfconfigAction.Configure;
        if (!TryParsePrefixed(operands[1], out request.Address, out request.Mask))
        {
            request.Error = "invalid address '" + operands[1] + "' (A.B.C.D/PREFIX)";
            return request;
        }
        if (operands.Count == 2)
            return request;
        if (operands.Count != 4 || operands[2] != "gw")
        {
            request.Error = "unexpected '" + operands[2] + "'";
            return request;
        }
        if (!IpAddress.TryParse(operands[3], out request.Gateway))
            request.Error = "invalid gateway '" + operands[3] + "'";
        return request;
    }

    // "10.0.2.15/24": the address and the mask of the prefix (0..32).
    public static bool TryParsePrefixed(string text, out uint address, out uint mask)
    {
        address = 0;
        mask = 0;
        int slash = text.IndexOf('/');
        if (slash < 0)
            return false;
        if (!IpAddress.TryParse(text.Substring(0, slash), out address))
            return false;
        string prefixText = text.Substring(slash + 1);
        if (prefixText.Length > 2 || !NumberText.TryParse(prefixText, out int prefix) || prefix > 32)
            return false;
        mask = IpAddress.MaskOf(prefix);
        return true;
    }

    // "UP,LINK,LOOPBACK": the flags set, in that order.
    public static string Flags(int flags)
    {
        var text = new StringBuilder();
        Append(text, flags, InterfaceFlags.Up, "UP");
        Append(text, flags, InterfaceFlags.Link, "LINK");
        Append(text, flags, InterfaceFlags.Loopback, "LOOPBACK");
        return text.ToString();
    }

    // The 48-bit address, first octet most significant: "52:54:00:12:34:56".
    public static string Mac(long mac)
    {
        const string digits = "0123456789abcdef";
        var text = new StringBuilder();
        for (int octet = 0; octet < 6; octet++)
        {
            int value = (int)((mac >> (40 - 8 * octet)) & 0xFF);
            if (octet > 0)
                text.Append(':');
            text.Append(digits[value >> 4]);
            text.Append(digits[value & 15]);
        }
        return text.ToString();
    }

    // The lines of one interface, each ending in a newline:
    //   eth0: flags=UP,LINK mtu 1500
    //       inet 10.0.2.15 netmask 255.255.255.0 gateway 10.0.2.2 dhcp
    //       ether 52:54:00:12:34:56
    //       rx 5 frames 620 bytes  tx 4 frames 500 bytes  drops 0
    public static string Describe(string name, in InterfaceBlock block)
    {
        var text = new StringBuilder();
        text.Append(name).Append(": flags=").Append(Flags(block.Flags)).Append(" mtu ").Append(NumberText.Decimal(block.Mtu)).Append('\n');
        if (block.Address == 0)
        {
            text.Append("    inet none\n");
        }
        else
        {
            text.Append("    inet ").Append(IpAddress.Format(block.Address));
            text.Append(" netmask ").Append(IpAddress.Format(block.Mask));
            text.Append(" gateway ").Append(IpAddress.Format(block.Gateway));
            if (block.Dhcp == 1)
                text.Append(" dhcp");
            text.Append('\n');
        }
        if ((block.Flags & InterfaceFlags.Loopback) == 0)
            text.Append("    ether ").Append(Mac(block.Mac)).Append('\n');
        text.Append("    rx ").Append(NumberText.Decimal(block.FramesIn)).Append(" frames ").Append(NumberText.Decimal(block.BytesIn)).Append(" bytes");
        text.Append("  tx ").Append(NumberText.Decimal(block.FramesOut)).Append(" frames ").Append(NumberText.Decimal(block.BytesOut)).Append(" bytes");
        text.Append("  drops ").Append(NumberText.Decimal(block.Drops)).Append('\n');
        return text.ToString();
    }

    private static void Append(StringBuilder text, int flags, int flag, string name)
    {
        if ((flags & flag) == 0)
            return;
        if (text.Length > 0)
            text.Append(',');
        text.Append(name);
    }
}

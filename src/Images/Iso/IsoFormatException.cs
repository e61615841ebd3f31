using System;

namespace Minix3.Cosmos.Images.Iso;

// What the ISO writer refuses (a name that has no ECMA-119 form, a boot file
// that is not in the tree, an MBR too long): the message names the path.
public sealed class IsoFormatException(string message) : Exception(message);

// Random lower layers for the model test: what each layer holds, generated from a seed, written to disk, and merged
// once by the overlayfs rules into the reference model's starting tree.
namespace Union.Core.Tests.Model;

using System.Text;
using Union.Core.Host;

internal enum ItemKind { File, Dir, Symlink, OciWhiteout, CharWhiteout }

/// <summary>One entry of one generated lower layer.</summary>
internal sealed record LayerItem(string Path, ItemKind Kind, string Content, uint Mode, bool OciOpaque, bool XattrOpaque,
    string? Xattr)
{
    /// <summary>An OCI <c>.wh.NAME</c> beside the entry in the same layer: the entry shows, the layers below are hidden.</summary>
    public bool BesideWhiteout { get; init; }

    public override string ToString() => (BesideWhiteout ? "+.wh. beside: " : "") + Kind switch
    {
        ItemKind.File => $"file {Path} '{Content}' {Convert.ToString(Mode, 8)}{(Xattr is null ? "" : " xattr user.x=" + Xattr)}",
        ItemKind.Dir => $"dir {Path} {Convert.ToString(Mode, 8)}{(OciOpaque ? " +.wh..wh..opq" : "")}{(XattrOpaque ? " +trusted.overlay.opaque" : "")}{(Xattr is null ? "" : " xattr user.x=" + Xattr)}",
        ItemKind.Symlink => $"symlink {Path} -> {Content}",
        ItemKind.OciWhiteout => $"whiteout(.wh.) {Path}",
        _ => $"whiteout(chr 0/0) {Path}",
    };
}

/// <summary>The lower layers of one run, topmost first.</summary>
internal sealed class LayerSpec
{
    public static readonly string[] Names = ["a", "b", "c", "d"];
    public List<List<LayerItem>> Layers { get; } = [];
    /// <summary>A case-insensitive union: layers spell names in random case and the merge folds them.</summary>
    public bool FoldCase { get; init; }

    /// <summary>The host the union runs on; the portable host's layers hold only what System.IO can make and read.</summary>
    public HostKind Host { get; init; }

    public static LayerSpec Generate(Random random, bool foldCase = false, HostKind host = HostKind.Linux)
    {
        var spec = new LayerSpec { FoldCase = foldCase, Host = host };
        int count = random.Next(2, 4);
        for (int layer = 0; layer < count; layer++)
        {
            var items = new List<LayerItem>();
            Fill(random, items, "", 0, layer, bottom: layer == count - 1, foldCase);
            // Portable host: no device whiteouts or xattrs (so OCI whiteouts and opaque files stand in for them).
            if (host == HostKind.Portable)
                items = items.Select(i => i with
                {
                    Kind = i.Kind == ItemKind.CharWhiteout ? ItemKind.OciWhiteout : i.Kind,
                    OciOpaque = i.OciOpaque || i.XattrOpaque, XattrOpaque = false, Xattr = null,
                }).ToList();
            spec.Layers.Add(items);
        }
        return spec;
    }

    private static void Fill(Random random, List<LayerItem> items, string dir, int depth, int layer, bool bottom, bool foldCase)
    {
        foreach (var plain in Names)
        {
            if (random.NextDouble() > (depth == 0 ? 0.6 : 0.45)) continue;
            string name = foldCase && random.Next(3) == 0 ? plain.ToUpperInvariant() : plain;
            string path = dir.Length == 0 ? name : dir + "/" + name;
            int roll = random.Next(100);
            string? xattr = random.Next(5) == 0 ? $"v{random.Next(100)}" : null;
            int before = items.Count;
            if (!bottom && roll < 18)
                items.Add(new LayerItem(path, random.Next(2) == 0 ? ItemKind.OciWhiteout : ItemKind.CharWhiteout, "", 0, false, false, null));
            else if (roll < 55 && depth < 2)
            {
                bool opaque = !bottom && random.Next(6) == 0;
                bool xattrOpaque = opaque && random.Next(3) == 0;
                items.Add(new LayerItem(path, ItemKind.Dir, "", DirModes[random.Next(DirModes.Length)], opaque && !xattrOpaque, xattrOpaque, xattr));
                Fill(random, items, path, depth + 1, layer, bottom, foldCase);
            }
            else if (roll < 65)
                items.Add(new LayerItem(path, ItemKind.Symlink, SymlinkTargets[random.Next(SymlinkTargets.Length)], 0, false, false, null));
            else
                items.Add(new LayerItem(path, ItemKind.File, $"L{layer}:{path}:{random.Next(1000)}", FileModes[random.Next(FileModes.Length)], false, false, xattr));
            if (!bottom && items[before].Kind is ItemKind.File or ItemKind.Dir or ItemKind.Symlink && random.Next(12) == 0)
                items[before] = items[before] with { BesideWhiteout = true };
            // Folding: now and then a second spelling of the name in the same layer (a case-sensitive host allows it);
            // the ordinal-first stands (Merge mirrors the engine's rule). Not beside whiteouts: an OCI one is a name of
            // its own, and the portable host's runs turn device whiteouts into OCI ones (CaseInsensitiveTests has both).
            if (foldCase && items[before].Kind is ItemKind.File or ItemKind.Dir or ItemKind.Symlink && random.Next(8) == 0)
            {
                string other = name == plain ? plain.ToUpperInvariant() : plain;
                string otherPath = dir.Length == 0 ? other : dir + "/" + other;
                items.Add(random.Next(2) == 0
                    ? new LayerItem(otherPath, ItemKind.File, $"L{layer}:{otherPath}:variant", FileModes[random.Next(FileModes.Length)], false, false, null)
                    : new LayerItem(otherPath, ItemKind.Symlink, SymlinkTargets[random.Next(SymlinkTargets.Length)], 0, false, false, null));
            }
        }
    }

    public static readonly uint[] DirModes = [0x1ED /*755*/, 0x1C0 /*700*/, 0x1E8 /*750*/];
    public static readonly uint[] FileModes = [0x1A4 /*644*/, 0x180 /*600*/, 0x1ED /*755*/, 0x1A0 /*640*/];
    public static readonly string[] SymlinkTargets = ["a", "../b", "/etc/passwd", "c/d", "nowhere"];

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Layers.Count; i++)
        {
            sb.Append("  lower").Append(i).Append(i == 0 ? " (top):" : ":").AppendLine();
            foreach (var item in Layers[i]) sb.Append("    ").AppendLine(item.ToString());
        }
        return sb.ToString();
    }

    /// <summary>Writes layer <paramref name="index"/> into the (existing, empty) directory <paramref name="root"/>.</summary>
    public void Write(IHostFileSystem host, int index, string root)
    {
        foreach (var item in Layers[index])
        {
            string full = Path.Combine(root, item.Path);
            string parent = Path.GetDirectoryName(full)!;
            string name = Path.GetFileName(full);
            switch (item.Kind)
            {
                case ItemKind.File:
                    File.WriteAllText(full, item.Content);
                    File.SetUnixFileMode(full, (UnixFileMode)item.Mode);
                    break;
                case ItemKind.Dir:
                    Directory.CreateDirectory(full);
                    File.SetUnixFileMode(full, (UnixFileMode)item.Mode);
                    if (item.OciOpaque) File.WriteAllText(Path.Combine(full, ".wh..wh..opq"), "");
                    break;
                case ItemKind.Symlink:
                    File.CreateSymbolicLink(full, item.Content);
                    break;
                case ItemKind.OciWhiteout:
                    File.WriteAllText(Path.Combine(parent, ".wh." + name), "");
                    break;
                case ItemKind.CharWhiteout:
                    Check(host.OpenRoot(parent, out var dir), full);
                    using (dir) Check(host.CreateNode(dir!, name, (uint)FileKind.CharDevice, 0), full);
                    break;
            }
            if (item.BesideWhiteout) File.WriteAllText(Path.Combine(parent, ".wh." + name), "");
            if (item.Xattr is not null || item.XattrOpaque)
            {
                Check(host.OpenRoot(parent, out var dir), full);
                using (dir)
                {
                    if (item.Xattr is not null) Check(host.SetXattr(dir!, name, "user.x", Encoding.UTF8.GetBytes(item.Xattr), 0), full);
                    if (item.XattrOpaque) Check(host.SetXattr(dir!, name, "trusted.overlay.opaque", "y"u8, 0), full);
                }
            }
        }
    }

    private static void Check(FsError error, string what)
    {
        if (error != FsError.None) throw new InvalidOperationException($"building layer entry {what}: {error}");
    }

    /// <summary>The merged tree by the overlayfs rules, as the model's starting state.</summary>
    public RefModel Merge()
    {
        var model = new RefModel(FoldCase);
        var names = FoldCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byLayer = Layers.Select(items => Standing(items, names)).ToList();
        MergeDir(model, byLayer, "", Enumerable.Range(0, Layers.Count).ToList(), names);
        return model;
    }

    /// <summary>
    /// The items of one layer that stand: of several spellings of one name (folding) the ordinal-first, and only
    /// what lies under standing directories.
    /// </summary>
    private static Dictionary<string, LayerItem> Standing(List<LayerItem> items, StringComparer names)
    {
        var first = new Dictionary<string, string>(names);
        foreach (var item in items)
            if (!first.TryGetValue(item.Path, out var spelled) || string.CompareOrdinal(item.Path, spelled) < 0)
                first[item.Path] = item.Path;
        bool Stands(string path)
        {
            for (int i = path.IndexOf('/'); i >= 0; i = path.IndexOf('/', i + 1))
                if (first.TryGetValue(path[..i], out var spelled) && spelled != path[..i]) return false;
            return first[path] == path;
        }
        return items.Where(i => Stands(i.Path)).ToDictionary(i => i.Path, names);
    }

    /// <summary>Merges one directory (<paramref name="dir"/> spelled as the merged tree spells it; the top layer's spelling wins).</summary>
    private static void MergeDir(RefModel model, List<Dictionary<string, LayerItem>> byLayer, string dir, List<int> layers,
        StringComparer names)
    {
        var compare = names == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var children = layers.SelectMany(l => byLayer[l].Keys)
            .Where(p => (dir.Length == 0 ? !p.Contains('/') : p.StartsWith(dir + "/", compare) && p.IndexOf('/', dir.Length + 1) < 0))
            .Select(p => dir.Length == 0 ? p : p[(dir.Length + 1)..]).Distinct(names).Order(StringComparer.Ordinal);
        foreach (var child in children)
        {
            string path = dir.Length == 0 ? child : dir + "/" + child;
            LayerItem? top = null;
            var dirLayers = new List<int>();
            foreach (int l in layers)
            {
                if (!byLayer[l].TryGetValue(path, out var item)) continue;
                if (item.Kind is ItemKind.OciWhiteout or ItemKind.CharWhiteout) break;
                if (top is null) top = item;
                if (item.Kind != ItemKind.Dir || top.Kind != ItemKind.Dir) break;
                dirLayers.Add(l);
                if (item.OciOpaque || item.XattrOpaque || item.BesideWhiteout) break;
            }
            if (top is null) continue;
            string name = top.Path[(top.Path.LastIndexOf('/') + 1)..];
            path = dir.Length == 0 ? name : dir + "/" + name;
            var node = top.Kind switch
            {
                ItemKind.File => MNode.File(Encoding.UTF8.GetBytes(top.Content), top.Mode),
                ItemKind.Dir => MNode.Dir(top.Mode),
                _ => MNode.Symlink(top.Content),
            };
            if (top.Xattr is not null) node.Xattrs["user.x"] = top.Xattr;
            model.Add("/" + path, node);
            if (top.Kind == ItemKind.Dir) MergeDir(model, byLayer, path, dirLayers, names);
        }
    }
}

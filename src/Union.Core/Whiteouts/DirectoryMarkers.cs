// What a layer directory says about the layers below it: opaque (nothing below shows), or renamed (its lower part
// lives at Redirect). A redirect that fails validation is kept apart and never followed.
namespace Union.Core.Whiteouts;

/// <param name="Opaque">An opaque marker stands (either format).</param>
/// <param name="Redirect">A valid redirect, absolute from the layer roots ("/a/b") or one name in the parent's lower path.</param>
/// <param name="BadRedirect">A redirect that is not a plain path inside a layer ("../x", "a/b", NUL, too long, not
/// UTF-8): where its lower part lives cannot be told, so the directory hides everything below, as opaque.</param>
internal readonly record struct DirectoryMarkers(bool Opaque, string? Redirect, string? BadRedirect)
{
    /// <summary>Whether no directory below merges into this one by name.</summary>
    public bool HidesLower => Opaque || BadRedirect is not null;
}

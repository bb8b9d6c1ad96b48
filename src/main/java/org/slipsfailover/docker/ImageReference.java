package org.slipsfailover.docker;

/**
 * An image reference split the way the pull API wants it: repository, and a tag or digest that is
 * never empty (an empty tag asks the engine for every tag of the repository).
 */
record ImageReference(String repository, String tag) {

  static ImageReference parse(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      return new ImageReference(image.substring(0, at), image.substring(at + 1));
    }
    int colon = image.lastIndexOf(':');
    // A colon before the last '/' belongs to a registry host:port, not to a tag.
    if (colon > image.lastIndexOf('/')) {
      return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
    }
    return new ImageReference(image, "latest");
  }
}

/* Fit every slide of a reveal.js deck to the screen, so that a presenter never scrolls.

   reveal.js draws each slide in a fixed box (width × height, scaled to the screen), so a slide
   fits every screen once its content fits that box. Once reveal.js has started, every slide is
   laid out (invisibly) at the box's width, the pictures are decoded and MathJax typesets the
   deck once, laid out like that: MathJax measures what it typesets, so equations typeset in a
   hidden slide (display: none) would get the wrong size, and typesetting them again later would
   strip every equation from the page until it is done. Then every slide is measured; a slide
   taller than the box is continued on new sub-slides right after it. What moves is what the
   slide is made of, in order: its cells; inside a cell that is too tall on its own, its
   paragraphs, outputs, a table's rows, or the lines of a text output or of code. Only what
   cannot be split (one picture, one equation) is shrunk to the box. The deck is shown when
   done: `.reveal` gets the class `w2v-fitted` (the template shows the slides then; the tests
   wait on it).
*/
function w2vFitDeck(Reveal, width, height) {
  "use strict";
  var MARGIN = 48;  // reveal.js's slide padding and a little air, in slide units
  var MIN_ZOOM = 0.35;
  var PICTURE_KEEP = 0.6;  // a picture shrinks to stay on its slide if it keeps 60% of its height
  // Never cut inside these: an animation's picture and its controls, a widget, an equation.
  var WHOLE = ".animation, .jupyter-widgets, .MathJax_Display, svg, img";
  var slides = document.querySelector(".reveal .slides");

  function unit() {  // screen pixels per slide unit (reveal.js scales the slide box)
    return slides.getBoundingClientRect().width / width || 1;
  }
  function limit() { return (height - MARGIN) * unit(); }
  function visible(el) {
    var r = el.getBoundingClientRect();
    return el.nodeType === 1 && getComputedStyle(el).display !== "none" && (r.height > 0 || r.width > 0);
  }
  function kids(el) {
    return Array.prototype.filter.call(el.children, function(k) { return visible(k); });
  }
  function extent(els) {  // from the top of the first to the bottom of the lowest, in px
    var top = Infinity, bottom = -Infinity;
    els.forEach(function(e) {
      var r = e.getBoundingClientRect();
      top = Math.min(top, r.top);
      bottom = Math.max(bottom, r.bottom);
    });
    return els.length ? bottom - top : 0;
  }
  function tall(el) { return el.getBoundingClientRect().height; }
  function area(el) { var r = el.getBoundingClientRect(); return r.width * r.height; }

  // A <pre> becomes one block per line, so that long outputs and code can be split by lines.
  // Highlighted code keeps its token spans; a token that runs over lines (a docstring) is cut
  // into one copy per line. Returns false if there is nothing to do (or it was done before).
  function lineify(pre) {
    if (pre.dataset.w2vLines || pre.textContent.split("\n").length < 3) { return false; }
    var lines = [[]];
    Array.prototype.slice.call(pre.childNodes).forEach(function(node) {
      if (node.nodeType !== 1 && node.nodeType !== 3) { return; }  // comments
      var parts = node.textContent.split("\n");
      parts.forEach(function(part, k) {
        if (k > 0) { lines.push([]); }
        if (part === "") { return; }
        var piece = node;
        if (parts.length > 1) {
          piece = node.nodeType === 1 ? node.cloneNode(false) : document.createTextNode("");
          piece.textContent = part;
        }
        lines[lines.length - 1].push(piece);
      });
    });
    if (!lines[lines.length - 1].length) { lines.pop(); }  // the final newline
    pre.textContent = "";
    lines.forEach(function(nodes) {
      var span = document.createElement("span");
      span.className = "w2v-line";
      span.style.display = "block";
      if (nodes.length) { nodes.forEach(function(n) { span.appendChild(n); }); }
      else { span.textContent = "\u00a0"; }
      pre.appendChild(span);
    });
    pre.dataset.w2vLines = "1";
    return true;
  }

  // The node inside `el` whose children should be shared out: descend while one child holds
  // (almost) all of the height. Returns [node, path of child indices from el].
  function splitPoint(el) {
    var node = el, path = [];
    for (;;) {
      if (node.matches(WHOLE)) { return [node, path]; }
      if (node.tagName === "PRE" && lineify(node)) { continue; }
      var ks = kids(node);
      if (ks.length === 1 || (ks.length > 1 && ks.some(function(k) { return tall(k) > 0.9 * tall(node); }))) {
        var big = ks.reduce(function(a, b) { return area(b) > area(a) ? b : a; });
        path.push(Array.prototype.indexOf.call(node.children, big));
        node = big;
        continue;
      }
      return [node, path];
    }
  }
  function follow(el, path) {
    return path.reduce(function(node, i) { return node.children[i]; }, el);
  }

  function picture(el) {
    return el.tagName === "IMG" ? el : (el.querySelectorAll("img").length === 1 ? el.querySelector("img") : null);
  }

  // Shrink what cannot be split to the box.
  function shrink(el, room) {
    var img = picture(el);
    if (img) {
      // narrower, in proportion, so the picture keeps its shape and the height that is left
      var box = img.getBoundingClientRect();
      var target = Math.max(room - (tall(el) - box.height), room * 0.5);
      if (box.height > target) {
        img.style.width = (box.width * target / box.height) / unit() + "px";
        img.style.height = "auto";
        img.style.maxWidth = "100%";
      }
      return;
    }
    el.style.zoom = Math.max(MIN_ZOOM, room / tall(el));
  }

  // Split `el` (too tall for `room` px) into consecutive parts that each fit; returns them.
  function split(el, room) {
    var found = splitPoint(el), node = found[0], path = found[1];
    if (node.matches(WHOLE)) { shrink(el, room); return [el]; }
    var items = Array.prototype.slice.call(node.children);
    var shown = items.filter(visible);
    // Only blocks are shared out: words of a paragraph or tokens of highlighted code are not.
    var blocks = shown.every(function(k) { return getComputedStyle(k).display.indexOf("inline") < 0; });
    var overhead = tall(el) - extent(shown);
    if (shown.length < 2 || !blocks || overhead > 0.5 * room) { shrink(el, room); return [el]; }
    var groups = [[]], start = null;
    items.forEach(function(item) {
      var group = groups[groups.length - 1];
      if (visible(item)) {
        var r = item.getBoundingClientRect();
        if (start !== null && group.length && r.bottom - start > room - overhead) {
          groups.push(group = []);
          start = null;
        }
        if (start === null) { start = r.top; }
      }
      group.push(item);
    });
    if (groups.length < 2) { shrink(el, room); return [el]; }
    var parts = groups.map(function(_, k) { return k === 0 ? el : el.cloneNode(true); });
    // A cell cut in two is marked where it continues (one cell's code over two slides is one
    // input; tests/browser/slide_metrics.py counts it once).
    function markContinued(node, k) {
      if (k > 0 && node.matches(".jp-Cell")) { node.dataset.w2vContinues = "1"; }
    }
    parts.forEach(function(part, k) {
      // Along the path, content before the split node stays with the first part, content after it with the last.
      var node = part;
      path.forEach(function(i) {
        var child = node.children[i];
        markContinued(node, k);
        Array.prototype.slice.call(node.children).forEach(function(sibling, j) {
          if ((j < i && k > 0) || (j > i && k < parts.length - 1)) { node.removeChild(sibling); }
        });
        node = child;
      });
      markContinued(node, k);
      if (k === 0) {
        items.forEach(function(item) { if (groups[0].indexOf(item) < 0) { node.removeChild(item); } });
      } else {
        // keep only this group's items, and put the originals (with their scripts' state) back in
        var copies = Array.prototype.slice.call(node.children);
        copies.forEach(function(copy, j) {
          var original = items[j];
          if (groups[k].indexOf(original) < 0) { node.removeChild(copy); }
          else { node.replaceChild(original, copy); }
        });
      }
    });
    var anchor = el;
    parts.slice(1).forEach(function(part) { anchor.after(part); anchor = part; });
    return parts;
  }

  // Make every child of a slide fit on a slide by itself, then share the children out.
  function fitSlide(section) {
    var room = limit();
    var units = kids(section);
    var done = [];
    while (units.length) {
      var u = units.shift();
      if (tall(u) > room + 1 && !u.dataset.w2vShrunk) {
        var parts = split(u, room);
        if (parts.length === 1) { u.dataset.w2vShrunk = "1"; done.push(u); }
        else { units = parts.concat(units); }
      } else {
        done.push(u);
      }
    }
    var pages = [], page = [], top = null;
    done.forEach(function(u) {
      var r = u.getBoundingClientRect();
      if (top !== null && page.length && r.bottom - top > room) {
        // A picture stays with the sentences before it if it can keep most of its size there.
        var left = top + room - r.top;
        if (picture(u) && left >= PICTURE_KEEP * r.height) {
          shrink(u, left);
          r = u.getBoundingClientRect();
        }
      }
      if (top !== null && page.length && r.bottom - top > room) { pages.push(page); page = []; top = null; }
      if (top === null) { top = r.top; }
      page.push(u);
    });
    if (page.length) { pages.push(page); }
    var anchor = section;
    pages.slice(1).forEach(function(members) {
      var next = document.createElement("section");
      next.className = "w2v-continued";
      members.forEach(function(m) { next.appendChild(m); });
      anchor.after(next);
      anchor = next;
    });
    // Notes and hidden cells stay on the first slide, where the lesson put them.
    return pages.length;
  }

  function leaves() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".reveal .slides section"),
      function(s) { return !s.querySelector("section"); }
    );
  }

  function pictures() {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll(".reveal img"), function(img) {
      return img.decode ? img.decode().catch(function() {}) : Promise.resolve();
    }));
  }

  function typeset() {
    return new Promise(function(resolve) {
      if (!window.MathJax || !MathJax.Hub) { resolve(); return; }  // no MathJax: fit anyway
      MathJax.Hub.Queue(["Typeset", MathJax.Hub, slides], resolve);
    });
  }

  function run() {
    var indices = Reveal.getIndices();
    var added = 0;
    leaves().forEach(function(section) {
      // a top-level slide without sub-slides becomes a stack, so its continuations follow it
      if (section.parentElement === slides) {
        var stack = document.createElement("section");
        section.before(stack);
        stack.appendChild(section);
      }
      added += fitSlide(section) - 1;
    });
    slides.classList.remove("w2v-measuring");
    Reveal.sync();
    Reveal.slide(indices.h, indices.v);
    Reveal.layout();
    document.querySelector(".reveal").classList.add("w2v-fitted");
    document.querySelector(".reveal").dataset.w2vContinued = String(added);
  }

  slides.classList.add("w2v-measuring");
  pictures().then(typeset).then(run);
}

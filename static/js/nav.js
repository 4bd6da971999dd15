/* The main navigation: disclosure menus (a button with aria-expanded that shows its list) and,
   on a narrow screen, the Menu button that shows the whole navigation. Escape closes the open
   menu and returns focus to its button; opening one menu closes the others; a click or focus
   outside closes them. A file of its own: the content security policy allows no inline script. */
(function () {
  "use strict";

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var panel = panelOf(button);
    if (panel && panel.classList.contains("nav-menu")) {
      panel.hidden = !open;
    }
  }

  function init() {
    var header = document.querySelector(".site-header");
    if (!header) { return; }
    var menuButton = header.querySelector(".menu-toggle");
    var toggles = Array.prototype.slice.call(header.querySelectorAll(".nav-toggle"));

    function closeMenus(except) {
      toggles.forEach(function (button) {
        if (button !== except) { setOpen(button, false); }
      });
    }

    toggles.forEach(function (button) {
      button.addEventListener("click", function () {
        var open = !isOpen(button);
        closeMenus(button);
        setOpen(button, open);
      });
      var group = button.parentNode;
      group.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !group.contains(event.relatedTarget)) {
          setOpen(button, false);
        }
      });
    });

    if (menuButton) {
      menuButton.addEventListener("click", function () {
        var open = !isOpen(menuButton);
        setOpen(menuButton, open);
        if (!open) { closeMenus(null); }
      });
    }

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var openToggle = toggles.filter(isOpen)[0];
      if (openToggle) {
        setOpen(openToggle, false);
        openToggle.focus();
      } else if (menuButton && isOpen(menuButton)) {
        setOpen(menuButton, false);
        menuButton.focus();
      }
    });

    document.addEventListener("click", function (event) {
      if (!event.target.closest(".nav-group")) { closeMenus(null); }
      if (menuButton && isOpen(menuButton) && !header.contains(event.target)) {
        setOpen(menuButton, false);
        closeMenus(null);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
